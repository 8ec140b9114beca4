import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  baseUrl,
  entityUrl,
  errorResponse,
} from '../__testUtils__/renderWithEntity';
import { milestoneStatus } from '../__testUtils__/fixtures';
import { HardeningClient } from './HardeningClient';

const server = setupServer();
registerMswTestHooks(server);

const payments = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments-api',
};

function client() {
  return new HardeningClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

/** Answers every GET with `{items: []}` and records the URLs asked for. */
function recordGets() {
  const urls: string[] = [];
  server.use(
    http.get(`${baseUrl}/*`, ({ request }) => {
      urls.push(request.url);
      return HttpResponse.json({ items: [] });
    }),
  );
  return urls;
}

describe('HardeningClient', () => {
  it('calls the per-entity routes with the kind in lower case and the query it was given', async () => {
    const urls = recordGets();
    const api = client();
    await api.listTestReports(payments, { limit: 30 });
    await api.listTestCases(payments, 'r-1', { status: 'failed', limit: 100 });
    await api.listFlakyTests(payments, { limit: 20 });
    await api.listCiGates(payments, { limit: 1, cursor: 'next page' });
    await api.listContractViolations(payments, 'r-2', { gateId: 'no-eval' });
    await api.listStressRuns(payments);
    await api.listValidationReports(payments);
    await api.listAuditChainEntries(payments, { limit: 200 });
    await api.listAuditChainEntries(payments, {
      order: 'desc',
      limit: 20,
      cursor: 'older',
    });
    await api.listMilestones(payments);
    await api.getMilestone(payments, 'M3.3.1');

    const entity = entityUrl();
    expect(urls).toEqual([
      `${entity}/test-reports?limit=30`,
      `${entity}/test-reports/r-1/cases?status=failed&limit=100`,
      `${entity}/tests/flaky?limit=20`,
      `${entity}/ci-gates?limit=1&cursor=next+page`,
      `${entity}/contract-results/r-2/violations?gateId=no-eval`,
      `${entity}/stress-runs`,
      `${entity}/validation-reports`,
      `${entity}/audit-chain?limit=200`,
      `${entity}/audit-chain?order=desc&limit=20&cursor=older`,
      `${entity}/milestones`,
      `${entity}/milestones/M3.3.1`,
    ]);
  });

  it('encodes entity names and ids that are not plain words', async () => {
    const urls = recordGets();
    await client().getMilestone(
      { kind: 'component', namespace: 'team a', name: 'x/y' },
      'M 1',
    );
    expect(urls).toEqual([
      `${baseUrl}/entities/component/team%20a/x%2Fy/milestones/M%201`,
    ]);
  });

  it('reports a missing contract as undefined and other failures as errors', async () => {
    server.use(
      http.get(`${entityUrl()}/contract`, () =>
        errorResponse(404, 'component:default/payments-api has no contract'),
      ),
      http.get(`${entityUrl('other')}/contract`, () =>
        errorResponse(403, 'not allowed', 'NotAllowedError'),
      ),
    );
    await expect(client().getContract(payments)).resolves.toBeUndefined();
    await expect(
      client().getContract({ ...payments, name: 'other' }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('sends the milestone as JSON on upsert', async () => {
    let received:
      | { method: string; type: string | null; body: unknown }
      | undefined;
    server.use(
      http.put(`${entityUrl()}/milestones/M1`, async ({ request }) => {
        received = {
          method: request.method,
          type: request.headers.get('content-type'),
          body: await request.json(),
        };
        return HttpResponse.json(milestoneStatus('M1', 'blocked'));
      }),
    );
    const status = await client().upsertMilestone(payments, 'M1', {
      title: 'First slice',
      stage: 'hardening-slice',
      thresholds: { p95LimitMs: 500 },
    });
    expect(received).toEqual({
      method: 'PUT',
      type: 'application/json',
      body: {
        title: 'First slice',
        stage: 'hardening-slice',
        thresholds: { p95LimitMs: 500 },
      },
    });
    expect(status.checklist.state).toBe('blocked');
  });

  it('posts a freeze and returns the record; a refusal carries the backend reason', async () => {
    const frozen = milestoneStatus('M1', 'frozen');
    let body: unknown;
    server.use(
      http.post(`${entityUrl()}/milestones/M1/freeze`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          { ...frozen, freeze: frozen.milestone.freeze },
          { status: 201 },
        );
      }),
      http.post(`${entityUrl()}/milestones/M2/freeze`, () =>
        errorResponse(
          409,
          'M2 cannot be frozen: Stress run within thresholds: no stress run',
          'ConflictError',
        ),
      ),
    );

    const response = await client().freezeMilestone(payments, 'M1');
    expect(body).toEqual({});
    expect(response.freeze.tag).toBe('milestone/m1-hardened');

    const refusal = await client()
      .freezeMilestone(payments, 'M2')
      .catch(e => e);
    expect(refusal).toBeInstanceOf(ResponseError);
    expect(refusal.statusCode).toBe(409);
    expect(refusal.cause.message).toBe(
      'M2 cannot be frozen: Stress run within thresholds: no stress run',
    );
  });
});
