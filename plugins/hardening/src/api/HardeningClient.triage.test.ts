import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  baseUrl,
  entityUrl,
  errorResponse,
} from '../__testUtils__/renderWithEntity';
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

type Received = { method: string; url: string; type: string | null; body: any };

/** Answers every request with `{}` and records what was sent. */
function recordRequests() {
  const received: Received[] = [];
  const record = async ({ request }: { request: Request }) => {
    const type = request.headers.get('content-type');
    const text = await request.text();
    received.push({
      method: request.method,
      url: request.url,
      type,
      body: type === 'application/json' ? JSON.parse(text) : text || undefined,
    });
    return HttpResponse.json({});
  };
  server.use(http.all(`${baseUrl}/*`, record));
  return received;
}

describe('HardeningClient triage and runbooks', () => {
  it('reads the entity queue, the team queue, a failure and its defect', async () => {
    const received = recordRequests();
    const api = client();
    await api.getTriageQueue(payments);
    await api.getTriageQueue(payments, { limit: 50 });
    await api.getTeamTriageQueue({ namespace: 'default', name: 'team a' });
    await api.getTriageFailure(payments, '42');
    await api.getDefectDraft(payments, '42');

    const entity = entityUrl();
    expect(received.map(r => `${r.method} ${r.url}`)).toEqual([
      `GET ${entity}/triage/queue`,
      `GET ${entity}/triage/queue?limit=50`,
      `GET ${baseUrl}/groups/default/team%20a/triage/queue`,
      `GET ${entity}/triage/failures/42`,
      `GET ${entity}/triage/failures/42/defect`,
    ]);
  });

  it('posts classification, status and defect link as JSON', async () => {
    const received = recordRequests();
    const api = client();
    await api.classifyTriageFailure(payments, '7', {
      class: 'flake',
      note: 'passed on retry',
    });
    await api.changeTriageStatus(payments, '7', { to: 'wont-fix' });
    await api.linkTriageDefect(payments, '7', {
      url: 'https://github.com/acme/payments/issues/12',
    });

    const failure = `${entityUrl()}/triage/failures/7`;
    expect(received).toEqual([
      {
        method: 'POST',
        url: `${failure}/classification`,
        type: 'application/json',
        body: { class: 'flake', note: 'passed on retry' },
      },
      {
        method: 'POST',
        url: `${failure}/status`,
        type: 'application/json',
        body: { to: 'wont-fix' },
      },
      {
        method: 'POST',
        url: `${failure}/defect-link`,
        type: 'application/json',
        body: { url: 'https://github.com/acme/payments/issues/12' },
      },
    ]);
  });

  it('lists and reads runbooks, and uploads Markdown as text/markdown', async () => {
    const received = recordRequests();
    const api = client();
    await api.listRunbooks(payments);
    await api.getRunbook(payments, 'triage');
    await api.uploadRunbook(payments, 'release-rollout', '# Rollout\n');

    expect(received).toEqual([
      {
        method: 'GET',
        url: `${entityUrl()}/runbooks`,
        type: null,
        body: undefined,
      },
      {
        method: 'GET',
        url: `${entityUrl()}/runbooks/triage`,
        type: null,
        body: undefined,
      },
      {
        method: 'PUT',
        url: `${entityUrl()}/runbooks/release-rollout`,
        type: 'text/markdown',
        body: '# Rollout\n',
      },
    ]);
  });

  it('throws the backend reason of a refused transition', async () => {
    server.use(
      http.post(`${entityUrl()}/triage/failures/9/status`, () =>
        errorResponse(
          409,
          'cannot go from open to fixed: classify the failure first',
          'ConflictError',
        ),
      ),
    );
    const refusal = await client()
      .changeTriageStatus(payments, '9', { to: 'fixed' })
      .catch(e => e);
    expect(refusal.statusCode).toBe(409);
    expect(refusal.cause.message).toBe(
      'cannot go from open to fixed: classify the failure first',
    );
  });
});
