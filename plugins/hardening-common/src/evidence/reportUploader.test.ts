import {
  describeReportUploader,
  reportUploaderSchema,
  workflowFileName,
} from './reportUploader';

describe('describeReportUploader', () => {
  it('names a CI job by repository, workflow file and event', () => {
    expect(
      describeReportUploader({
        type: 'ci-token',
        issuer: 'https://token.actions.githubusercontent.com',
        repository: 'northwind-freight/payments-api',
        ref: 'refs/heads/main',
        workflow:
          'northwind-freight/payments-api/.github/workflows/ci.yml@refs/heads/main',
        event: 'push',
      }),
    ).toBe('by CI northwind-freight/payments-api (ci.yml, push)');
    expect(
      describeReportUploader({
        type: 'ci-token',
        issuer: 'https://gitlab.example.com',
        repository: 'northwind-freight/platform/payments-api',
        ref: 'refs/heads/main',
      }),
    ).toBe('by CI northwind-freight/platform/payments-api');
  });

  it('names services, users and the portal', () => {
    expect(
      describeReportUploader({
        type: 'service',
        subject: 'ci-evidence-upload',
      }),
    ).toBe('by service ci-evidence-upload');
    expect(
      describeReportUploader({
        type: 'user',
        userEntityRef: 'user:default/ana',
      }),
    ).toBe('by ana');
    expect(
      describeReportUploader({
        type: 'portal',
        action: 'freeze',
        requestedBy: 'user:default/ana',
      }),
    ).toBe('by the portal (freeze requested by ana)');
    expect(describeReportUploader({ type: 'portal', action: 'seed' })).toBe(
      'by the portal (demo seed)',
    );
  });
});

describe('workflowFileName', () => {
  it('takes the file name of GitHub and GitLab workflow references', () => {
    expect(
      workflowFileName('acme/api/.github/workflows/release.yaml@refs/tags/v1'),
    ).toBe('release.yaml');
    expect(
      workflowFileName(
        'gitlab.example.com/acme/api//.gitlab-ci.yml@refs/heads/main',
      ),
    ).toBe('.gitlab-ci.yml');
    expect(workflowFileName('ci')).toBe('ci');
  });
});

describe('reportUploaderSchema', () => {
  it('accepts only the known principal types with their own fields', () => {
    expect(
      reportUploaderSchema.safeParse({ type: 'service', subject: 'x' }).success,
    ).toBe(true);
    expect(
      reportUploaderSchema.safeParse({
        type: 'service',
        subject: 'x',
        token: 'eyJhbGciOi',
      }).success,
    ).toBe(false);
    expect(
      reportUploaderSchema.safeParse({ type: 'root', subject: 'x' }).success,
    ).toBe(false);
    expect(
      reportUploaderSchema.safeParse({
        type: 'user',
        userEntityRef: 'u'.repeat(256),
      }).success,
    ).toBe(false);
    expect(
      reportUploaderSchema.safeParse({ type: 'portal', action: 'build' })
        .success,
    ).toBe(false);
  });
});
