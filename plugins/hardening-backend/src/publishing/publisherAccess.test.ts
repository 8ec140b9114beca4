import { ConfigReader } from '@backstage/config';
import { Request } from 'express';
import { gitlabClaims } from '../__testUtils__/localIssuer';
import { annotatedComponent } from '../__testUtils__/publishingTestKit';
import { publisherFromClaims } from './ciPublisher';
import { refRuleRefusal, repositoryRefusal } from './publisherAccess';
import { bindUploadContextToPublisher } from './publisherContext';
import { readPublishingSettings } from './publishingSettings';

const issuers = (...urls: string[]) =>
  readPublishingSettings(
    new ConfigReader({
      backend: { baseUrl: 'https://backstage.example.com' },
      hardening: {
        ingest: {
          trustedPublishing: {
            issuers: urls.map(issuer => ({ issuer, type: 'gitlab' })),
          },
        },
      },
    }),
  ).trustedPublishing!.issuers;

describe('GitLab CI tokens', () => {
  const [gitlab, onPrem] = issuers(
    'https://gitlab.example.com',
    'https://git.northwind.example',
  );
  const publisher = publisherFromClaims(gitlabClaims(), gitlab);

  it('describe the pipeline: full ref, branch, job and pipeline pages, pipeline id as the run id', () => {
    expect(publisher).toEqual({
      issuer: 'https://gitlab.example.com',
      type: 'gitlab',
      repository: 'northwind-freight/platform/payments-api',
      owner: 'northwind-freight',
      projectId: '20',
      ref: 'refs/heads/main',
      refProtected: true,
      sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
      branch: 'main',
      runUrl:
        'https://gitlab.example.com/northwind-freight/platform/payments-api/-/jobs/302',
      runUrls: [
        'https://gitlab.example.com/northwind-freight/platform/payments-api/-/jobs/302',
        'https://gitlab.example.com/northwind-freight/platform/payments-api/-/pipelines/574',
      ],
      runId: '574',
      runAttempt: undefined,
      workflow:
        'gitlab.example.com/northwind-freight/platform/payments-api//.gitlab-ci.yml@refs/heads/main',
      subject: 'gitlab:northwind-freight/platform/payments-api',
    });
    expect(
      publisherFromClaims(
        gitlabClaims({ ref: 'v1.2.0', ref_type: 'tag', ref_path: undefined }),
        gitlab,
      ).ref,
    ).toBe('refs/tags/v1.2.0');
  });

  it('may write an entity whose project path matches ignoring case, in a subgroup', () => {
    const entity = annotatedComponent('payments-api', {
      'gitlab.com/project-slug': 'Northwind-Freight/Platform/Payments-API',
    });
    expect(repositoryRefusal(publisher, entity, [gitlab])).toBeUndefined();
  });

  it('may not write a project of the same path on another GitLab, nor a re-created project', () => {
    const slug = {
      'gitlab.com/project-slug': 'northwind-freight/platform/payments-api',
    };
    expect(
      repositoryRefusal(
        publisher,
        annotatedComponent('payments-api', {
          ...slug,
          'gitlab.com/instance': 'git.northwind.example',
        }),
        [gitlab, onPrem],
      ),
    ).toBe(
      'component:default/payments-api lives on GitLab git.northwind.example (its gitlab.com/instance annotation), but the CI token is from https://gitlab.example.com',
    );
    expect(
      repositoryRefusal(publisher, annotatedComponent('payments-api', slug), [
        gitlab,
        onPrem,
      ]),
    ).toBe(
      'component:default/payments-api has no gitlab.com/instance annotation and several GitLab issuers are trusted: add "gitlab.com/instance: gitlab.example.com" to its catalog-info.yaml if its project lives there',
    );
    expect(
      repositoryRefusal(
        publisher,
        annotatedComponent('payments-api', {
          ...slug,
          'gitlab.com/project-id': '31',
        }),
        [gitlab],
      ),
    ).toBe(
      'component:default/payments-api is GitLab project 31 (its gitlab.com/project-id annotation), but the CI token is from project 20',
    );
  });

  it('accept the pipeline page as the run URL', () => {
    const req = {
      query: {
        runUrl:
          'https://gitlab.example.com/northwind-freight/platform/payments-api/-/pipelines/574',
        runAttempt: '3',
      },
    } as unknown as Request;
    bindUploadContextToPublisher(req, publisher);
    expect(req.query).toEqual({
      commit: '714a629c0b401fdce83e847fc9589983fc6f46bc',
      branch: 'main',
      runUrl:
        'https://gitlab.example.com/northwind-freight/platform/payments-api/-/pipelines/574',
      runId: '574',
      runAttempt: '3',
    });
  });

  it('must say a ref is protected for protectedOnly rules', () => {
    expect(
      refRuleRefusal({ ...publisher, refProtected: undefined }, 'triage', [
        { protectedOnly: true },
      ]),
    ).toBe(
      'triage uploads are accepted from protected refs only (hardening.ingest.trustedPublishing.refRules), but refs/heads/main is not said to be protected by the CI token',
    );
    expect(
      refRuleRefusal(publisher, 'triage', [
        {
          kinds: ['audit-chain'],
          refs: ['refs/tags/**'],
          protectedOnly: false,
        },
        { protectedOnly: true },
      ]),
    ).toBeUndefined();
  });
});
