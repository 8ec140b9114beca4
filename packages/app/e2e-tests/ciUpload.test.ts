import { APIRequestContext, expect, test } from '@playwright/test';

/**
 * A CI pipeline uploading evidence to the running portal with a static external access
 * token, configured the way the README tells adopters to: restricted to uploading
 * hardening evidence and reading catalog entities. scripts/test.sh starts the portal
 * with a fresh random token in HARDENING_CI_TOKEN for every run.
 */
const backend = process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';
// A service without milestones: this report has a failing test, and on a service with
// frozen milestones it would (rightly) regress them under the freeze test's feet.
const entityPath = 'entities/component/default/shipment-tracker';

function ciToken(): string {
  const token = process.env.HARDENING_CI_TOKEN;
  if (!token) {
    throw new Error(
      'HARDENING_CI_TOKEN is not set: start the portal and Playwright through scripts/test.sh, ' +
        'or configure backend.auth.externalAccess with that token as the README shows',
    );
  }
  return token;
}

/** A small JUnit report, unique per run so that the first upload creates a report. */
function junitReport(runId: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="checkout e2e ${runId}">
    <testcase classname="checkout" name="pays an invoice" time="1.2"/>
    <testcase classname="checkout" name="refuses another tenant's invoice" time="0.4"/>
    <testcase classname="checkout" name="shows the receipt" time="0.3">
      <failure message="receipt total differs">expected 12.00, got 12.01</failure>
    </testcase>
  </testsuite>
</testsuites>`;
}

function upload(
  request: APIRequestContext,
  body: string,
  options: { token?: string; entity?: string; commit: string },
) {
  const url = new URL(
    `/api/hardening/${options.entity ?? entityPath}/test-reports`,
    backend,
  );
  url.searchParams.set('commit', options.commit);
  url.searchParams.set('branch', 'main');
  url.searchParams.set('runUrl', 'https://ci.example.com/runs/42');
  url.searchParams.set('tags', 'e2e:happy');
  const headers: Record<string, string> = {
    'content-type': 'application/xml',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return request.post(url.toString(), { data: body, headers });
}

test('CI uploads a JUnit report with its static token; the token can do nothing else', async ({
  request,
}) => {
  const token = ciToken();
  const runId = Date.now().toString(16);
  const commit = `${runId}${'0'.repeat(40)}`.slice(0, 40);
  const body = junitReport(runId);

  // Right after start-up the catalog may still be reading its locations.
  let created = await upload(request, body, { token, commit });
  await expect
    .poll(
      async () => {
        if (created.status() === 404) {
          created = await upload(request, body, { token, commit });
        }
        return created.status();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .not.toBe(404);
  expect(created.status(), await created.text()).toBe(201);
  const { report, created: isNew } = await created.json();
  expect(isNew).toBe(true);
  expect(report.entityRef).toBe('component:default/shipment-tracker');
  expect(report.context).toMatchObject({ commit, branch: 'main' });
  expect(report.context.tags).toEqual(['e2e:happy']);
  expect(report.summary.totals).toMatchObject({
    tests: 3,
    passed: 2,
    failed: 1,
  });

  // The same report again is recognised, not stored twice.
  const again = await upload(request, body, { token, commit });
  expect(again.status()).toBe(200);
  expect((await again.json()).report.id).toBe(report.id);

  // No token, or a wrong one: 401.
  expect((await upload(request, body, { commit })).status()).toBe(401);
  expect(
    (await upload(request, body, { token: `${token}x`, commit })).status(),
  ).toBe(401);

  // An entity the catalog does not hold: 404.
  const missing = await upload(request, body, {
    token,
    commit,
    entity: 'entities/component/default/no-such-service',
  });
  expect(missing.status()).toBe(404);

  // The token is restricted to uploading: reading evidence is refused.
  const read = await request.get(
    new URL(`/api/hardening/${entityPath}/summary`, backend).toString(),
    { headers: { authorization: `Bearer ${token}` } },
  );
  expect(read.status()).toBe(403);
});
