import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { baseUrl, errorResponse } from '../__testUtils__/renderWithEntity';
import { HardeningClient } from './HardeningClient';

const server = setupServer();
registerMswTestHooks(server);

function client() {
  return new HardeningClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

describe('HardeningClient scorecards', () => {
  it('calls the entity, group and org routes with the query it was given', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/scorecards/*`, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({});
      }),
    );
    const api = client();
    await api.getEntityScorecard({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    await api.getGroupScorecard({ namespace: 'default', name: 'team a' });
    await api.getGroupScorecard(
      { namespace: 'default', name: 'payments' },
      { weeks: 8 },
    );
    await api.getOrgScorecards();
    await api.getOrgScorecards({
      system: 'system:default/payments',
      tier: '',
      lifecycle: 'production',
      weeks: 4,
      offset: 50,
      limit: 25,
      sort: 'owner',
      order: 'asc',
    });

    expect(urls).toEqual([
      `${baseUrl}/scorecards/entities/component/default/payments-api`,
      `${baseUrl}/scorecards/groups/default/team%20a`,
      `${baseUrl}/scorecards/groups/default/payments?weeks=8`,
      `${baseUrl}/scorecards/org`,
      `${baseUrl}/scorecards/org?system=system%3Adefault%2Fpayments&lifecycle=production&weeks=4&offset=50&limit=25&sort=owner&order=asc`,
    ]);
  });

  it('downloads the CSV of the filtered table and reports a refusal with its reason', async () => {
    const csv = 'entity,title\r\ncomponent:default/payments-api,Payments\r\n';
    let url = '';
    server.use(
      http.get(`${baseUrl}/scorecards/org.csv`, ({ request }) => {
        url = request.url;
        if (new URL(request.url).searchParams.get('tier') === 'bad') {
          return errorResponse(400, 'Invalid query parameters: tier');
        }
        return new HttpResponse(csv, {
          headers: { 'Content-Type': 'text/csv; charset=utf-8' },
        });
      }),
    );

    const blob = await client().getOrgScorecardsCsv({
      lifecycle: 'production',
      sort: 'rank',
      order: 'desc',
    });
    expect(url).toBe(
      `${baseUrl}/scorecards/org.csv?lifecycle=production&sort=rank&order=desc`,
    );
    expect(await blob.text()).toBe(csv);

    const refusal = await client()
      .getOrgScorecardsCsv({ tier: 'bad' })
      .catch(e => e);
    expect(refusal.statusCode).toBe(400);
    expect(refusal.cause.message).toBe('Invalid query parameters: tier');
  });
});
