import { evidenceUriSchema, triageReportUploadSchema } from './triageReport';

const failure = {
  scenarioId: 'BID-001',
  invariantId: 'TENANT-001',
  organizationUnderTest: 'org-a',
  keyEntityIds: ['org-a', 'assignment-17'],
  title: 'Bid window leaks across organisations',
  message: 'org-b received 1 notification for org-a',
  evidence: [
    { kind: 'log', uri: 'https://ci.example.com/runs/9/artifacts/log.txt' },
    { kind: 'db-snapshot', uri: 'ci-artifacts/db/notifications.json' },
  ],
  occurredAt: '2026-11-20T09:15:00+01:00',
  labels: { suite: 'nightly' },
};

describe('triageReportUploadSchema', () => {
  it('accepts a full report', () => {
    const parsed = triageReportUploadSchema.parse({
      run: {
        id: '123',
        url: 'https://ci.example.com/runs/9',
        commit: 'abc1234',
        branch: 'main',
      },
      failures: [failure],
    });
    expect(parsed.failures[0]).toEqual(failure);
  });

  it('treats empty or null ids as missing instead of refusing the report', () => {
    const parsed = triageReportUploadSchema.parse({
      failures: [{ scenarioId: '', invariantId: null, title: 'boom' }],
    });
    expect(parsed.failures[0]).toEqual({
      scenarioId: undefined,
      invariantId: undefined,
      title: 'boom',
    });
  });

  it.each([
    ['an unknown top-level field', { failures: [failure], extra: 1 }],
    ['an unknown failure field', { failures: [{ ...failure, owner: 'x' }] }],
    ['an unknown run field', { run: { job: 'x' }, failures: [failure] }],
    ['no failures', { failures: [] }],
    ['an id with spaces', { failures: [{ scenarioId: 'BID 001' }] }],
    ['an id with a pipe', { failures: [{ invariantId: 'A|B' }] }],
    [
      'too many key entity ids',
      { failures: [{ keyEntityIds: Array.from({ length: 101 }, String) }] },
    ],
    [
      'a message over 8192 chars',
      { failures: [{ message: 'x'.repeat(8193) }] },
    ],
    ['a stack over 32768 chars', { failures: [{ stack: 'x'.repeat(32769) }] }],
    ['a date without time', { failures: [{ occurredAt: '2026-11-20' }] }],
    [
      'too many evidence pointers',
      {
        failures: [
          {
            evidence: Array.from({ length: 51 }, () => ({
              kind: 'log',
              uri: 'a.txt',
            })),
          },
        ],
      },
    ],
    ['a non-http run url', { run: { url: 'ftp://x/y' }, failures: [failure] }],
    [
      'a run id that cannot be a runId (a space)',
      { run: { id: 'nightly 311' }, failures: [failure] },
    ],
    [
      'a run commit that is not a SHA',
      { run: { commit: 'main' }, failures: [failure] },
    ],
    ['a control character in a title', { failures: [{ title: 'a\u0000b' }] }],
    [
      'a label key starting with "_"',
      { failures: [{ labels: { __proto__x: 'y' } }] },
    ],
  ])('refuses %s', (_name, body) => {
    expect(triageReportUploadSchema.safeParse(body).success).toBe(false);
  });

  it('refuses more than 10,000 failures', () => {
    const failures = Array.from({ length: 10_001 }, () => ({ title: 't' }));
    expect(triageReportUploadSchema.safeParse({ failures }).success).toBe(
      false,
    );
    expect(
      triageReportUploadSchema.safeParse({ failures: failures.slice(1) })
        .success,
    ).toBe(true);
  });

  it('keeps line breaks in messages and stacks', () => {
    expect(
      triageReportUploadSchema.safeParse({
        failures: [{ message: 'a\nb', stack: 'at x\n\tat y\r\n' }],
      }).success,
    ).toBe(true);
  });
});

describe('evidenceUriSchema', () => {
  it.each([
    'https://ci.example.com/runs/9/artifacts/report.json',
    'http://localhost:8080/log',
    'logs/nightly/2026-11-20/ci-artifacts/report.json',
    'screenshot.png',
    './traces/trace.zip',
  ])('accepts %s', uri => {
    expect(evidenceUriSchema.safeParse(uri).success).toBe(true);
  });

  it.each([
    // eslint-disable-next-line no-script-url -- refused by the schema
    'javascript:alert(1)',
    // eslint-disable-next-line no-script-url -- refused by the schema
    'JavaScript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'file:///etc/passwd',
    'vbscript:msgbox',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    '//evil.example.com/x',
    '/etc/passwd',
    '..\\..\\secrets',
    'logs/../../secrets',
    'https://user:pw@ci.example.com/x',
    'https://',
    '',
  ])('refuses %j', uri => {
    expect(evidenceUriSchema.safeParse(uri).success).toBe(false);
  });
});
