import { createHash } from 'node:crypto';
import { APIRequestContext, expect, test } from '@playwright/test';
import { backend, guestToken } from './support';

/**
 * Evidence the portal can trust, through the running portal: the same bytes from a new
 * CI run are a new report and the newest of their kind, and a CI upload cannot write an
 * entry only the portal writes. The CI side uses the static token scripts/lib/portal.sh
 * starts the portal with (bound to team-payments' entities); the reads and the required
 * gates are done as the guest user, a member of team-payments.
 *
 * invoice-generator (team-payments) has no milestone in the demo seed, so turning its
 * gates red for a moment regresses nothing the other tests look at.
 */
const entityUrl = (path: string) =>
  new URL(
    `/api/hardening/entities/component/default/invoice-generator/${path}`,
    backend,
  ).toString();

function ciToken(): string {
  const token = process.env.HARDENING_CI_TOKEN;
  if (!token) {
    throw new Error(
      'HARDENING_CI_TOKEN is not set: run the e2e suite through scripts/test.sh (scripts/lib/portal.sh)',
    );
  }
  return token;
}

/** Right after start-up the catalog may still be reading its locations. */
async function untilTheCatalogHasIt(
  request: APIRequestContext,
  headers: Record<string, string>,
) {
  await expect
    .poll(
      async () =>
        (await request.get(entityUrl('summary'), { headers })).status(),
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(200);
}

/**
 * JSON with sorted keys and no white space: RFC 8785 canonical JSON for the plain strings
 * and objects the entries below hold.
 */
function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>).sort(
    ([a], [b]) => (a < b ? -1 : 1),
  );
  return `{${entries
    .map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`)
    .join(',')}}`;
}

/** The next entry of a chain, hashed by the chain's rule (docs/audit-chain.md). */
function chained(
  previous: { hash: string } | undefined,
  step: Record<string, unknown>,
): Record<string, unknown> & { hash: string } {
  const entry = { ...step, prevHash: previous?.hash ?? '0'.repeat(64) };
  const hash = createHash('sha256')
    .update(`${entry.prevHash}\n${sortedJson(entry)}`)
    .digest('hex');
  return { ...entry, hash };
}

/** A 40-hex-digit commit SHA unique to this run and `n`. */
function commitOf(run: string, n: number): string {
  return `${run}${n}`.padEnd(40, 'a').slice(0, 40);
}

test('the same gates on a new commit are the newest report again; a retried upload is recognised', async ({
  request,
}) => {
  const token = ciToken();
  const guest = await guestToken(request);
  const asGuest = { authorization: `Bearer ${guest}` };
  const run = Date.now().toString(16);
  await untilTheCatalogHasIt(request, asGuest);

  const required = await request.put(entityUrl('required-gates'), {
    headers: asGuest,
    data: { gates: ['lint', 'build'] },
  });
  expect(required.status(), await required.text()).toBe(200);

  // Bodies are built once, so that "A's bytes" are exactly A's bytes.
  const green = JSON.stringify({
    gates: [
      { name: 'lint', status: 'passed' },
      { name: 'build', status: 'passed', notes: `e2e ${run}` },
    ],
  });
  const red = JSON.stringify({
    gates: [
      { name: 'lint', status: 'passed' },
      { name: 'build', status: 'failed', notes: `e2e ${run}` },
    ],
  });
  const upload = (body: string, n: number) =>
    request.post(entityUrl('ci-gates'), {
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      params: {
        commit: commitOf(run, n),
        branch: 'main',
        runId: `${run}-${n}`,
        runAttempt: '1',
      },
      data: body,
    });
  const gatesState = async () => {
    const res = await request.get(entityUrl('required-gates'), {
      headers: asGuest,
    });
    expect(res.status()).toBe(200);
    return res.json();
  };

  const a = await upload(green, 1);
  expect(a.status(), await a.text()).toBe(201);
  const reportA = (await a.json()).report;
  expect(await gatesState()).toMatchObject({
    passing: true,
    latestReportId: reportA.id,
  });

  const b = await upload(red, 2);
  expect(b.status(), await b.text()).toBe(201);
  const reportB = (await b.json()).report;
  expect(await gatesState()).toMatchObject({
    passing: false,
    latestReportId: reportB.id,
  });

  // A's bytes again, from another run: a new report, attributed to commit C, and the newest.
  const c = await upload(green, 3);
  expect(c.status(), await c.text()).toBe(201);
  const reportC = (await c.json()).report;
  expect(reportC.id).not.toBe(reportA.id);
  expect(reportC.digest).toBe(reportA.digest);
  expect(reportC.context).toMatchObject({
    commit: commitOf(run, 3),
    runId: `${run}-3`,
  });
  expect(await gatesState()).toMatchObject({
    passing: true,
    latestReportId: reportC.id,
  });

  // The summary agrees on the newest gates report.
  const summary = await request.get(entityUrl('summary'), {
    headers: asGuest,
  });
  expect(summary.status()).toBe(200);
  const newestGates = (await summary.json()).latest.find(
    (r: { kind: string }) => r.kind === 'ci-gates',
  );
  expect(newestGates?.id).toBe(reportC.id);

  // The upload retried (same bytes, same run): the report stored before, 200.
  const retried = await upload(green, 3);
  expect(retried.status()).toBe(200);
  expect((await retried.json()).report.id).toBe(reportC.id);

  // Put the entity's required gates back as the seed left them.
  const reset = await request.put(entityUrl('required-gates'), {
    headers: asGuest,
    data: { gates: [] },
  });
  expect(reset.status(), await reset.text()).toBe(200);
});

test('a CI upload cannot write the entries only the portal writes', async ({
  request,
}) => {
  const token = ciToken();
  const asGuest = { authorization: `Bearer ${await guestToken(request)}` };
  await untilTheCatalogHasIt(request, asGuest);
  const storedChain = async () => {
    const entries: Array<Record<string, unknown> & { hash: string }> = [];
    let cursor: string | undefined;
    do {
      const res = await request.get(entityUrl('audit-chain'), {
        headers: asGuest,
        params: { order: 'asc', limit: '500', ...(cursor ? { cursor } : {}) },
      });
      expect(res.status(), await res.text()).toBe(200);
      const page = await res.json();
      entries.push(...page.items.map((i: { entry: any }) => i.entry));
      cursor = page.nextCursor;
    } while (cursor);
    return entries;
  };
  const uploadChain = (entries: Array<Record<string, unknown>>) =>
    request.post(entityUrl('audit-chain'), {
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-ndjson',
      },
      data: entries.map(e => `${JSON.stringify(e)}\n`).join(''),
    });

  const stored = await storedChain();
  const build = chained(stored[stored.length - 1], {
    action: 'build',
    timestamp: new Date().toISOString(),
    actor: 'ci',
    details: { image: `invoice-generator:e2e-${Date.now()}` },
  });
  // The pipeline's file: the stored chain, its build, and a freeze "by someone else".
  const forged = chained(build, {
    action: 'freeze',
    timestamp: new Date().toISOString(),
    actor: 'user:default/someone-else',
    details: { milestoneId: 'M9', tag: 'milestone/m9' },
  });
  const refused = await uploadChain([...stored, build, forged]);
  expect(refused.status(), await refused.text()).toBe(400);
  const message: string = (await refused.json()).error.message;
  expect(message).toContain(`Line ${stored.length + 2} `);
  expect(message).toContain('action freeze is written by the portal only');
  expect(await storedChain()).toHaveLength(stored.length);

  // Without the forged entry the same file extends the chain.
  const accepted = await uploadChain([...stored, build]);
  expect(accepted.status(), await accepted.text()).toBe(201);
  const after = await storedChain();
  expect(after).toHaveLength(stored.length + 1);
  expect(after[after.length - 1].hash).toBe(build.hash);
});
