import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  baseUrl,
  entityUrl,
  errorResponse,
} from '../__testUtils__/renderWithEntity';
import { buildLog, LOG_KEY } from '../__testUtils__/transparencyLog';
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

const entry = (seq: number) => ({
  seq,
  entry: { action: 'build', timestamp: '2026-11-20T10:00:00.000Z', seq },
});
const log = buildLog([0, 1, 2].map(entry));

describe('HardeningClient transparency log', () => {
  it('asks for the status, proofs and key at their routes and returns them parsed', async () => {
    const urls: string[] = [];
    server.events.on('request:start', ({ request }) => urls.push(request.url));
    server.use(
      http.get(`${entityUrl()}/audit-chain/transparency`, () =>
        HttpResponse.json({ ...log.status, extra: 'ignored' }),
      ),
      http.get(`${entityUrl()}/audit-chain/proof/inclusion`, () =>
        HttpResponse.json(log.inclusionProof(1, 3)),
      ),
      http.get(`${entityUrl()}/audit-chain/proof/consistency`, () =>
        HttpResponse.json(log.consistencyProof(2, 3)),
      ),
      http.get(`${baseUrl}/transparency/public-key`, () =>
        HttpResponse.text(`${LOG_KEY.verifierKey}\n`),
      ),
    );
    const api = client();
    expect(await api.getTransparencyStatus(payments)).toEqual(log.status);
    expect(await api.getInclusionProof(payments, 1, 3)).toEqual(
      log.inclusionProof(1, 3),
    );
    expect(await api.getConsistencyProof(payments, 2, 3)).toEqual(
      log.consistencyProof(2, 3),
    );
    expect(await api.getLogPublicKey()).toBe(LOG_KEY.verifierKey);
    expect(urls).toEqual([
      `${entityUrl()}/audit-chain/transparency`,
      `${entityUrl()}/audit-chain/proof/inclusion?seq=1&treeSize=3`,
      `${entityUrl()}/audit-chain/proof/consistency?from=2&to=3`,
      `${baseUrl}/transparency/public-key`,
    ]);
  });

  it('refuses a malformed answer and passes on the backend refusal', async () => {
    server.use(
      http.get(`${entityUrl()}/audit-chain/proof/inclusion`, () =>
        HttpResponse.json({ ...log.inclusionProof(1, 3), leafHash: 'AB' }),
      ),
      http.get(`${entityUrl()}/audit-chain/proof/consistency`, () =>
        errorResponse(400, 'from must be at least 1'),
      ),
    );
    await expect(client().getInclusionProof(payments, 1, 3)).rejects.toThrow(
      "The backend's answer to /audit-chain/proof/inclusion is malformed: leafHash: a SHA-256 hash as 64 lower-case hex digits",
    );
    await expect(
      client().getConsistencyProof(payments, 0, 3),
    ).rejects.toMatchObject({
      statusCode: 400,
      cause: { message: 'from must be at least 1' },
    });
  });
});
