import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { FailureCluster } from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { renderScorecards } from '../../__testUtils__/renderScorecards';
import { baseUrl, errorResponse } from '../../__testUtils__/renderWithEntity';
import { FailureClustersCard } from './FailureClustersCard';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(30_000);

const clustersUrl = `${baseUrl}/failure-clusters`;

function cluster(overrides: Partial<FailureCluster>): FailureCluster {
  return {
    key: 'a'.repeat(64),
    signature: 'connect ECONNREFUSED <ip>:<port>',
    failures: 12,
    entities: 3,
    entityRefs: [
      'component:default/billing-api',
      'component:default/ledger',
      'component:default/payments-api',
    ],
    impact: 36,
    firstSeen: '2026-11-10T08:00:00.000Z',
    lastSeen: '2026-11-20T10:30:00.000Z',
    ciTimeLostMs: 42_000,
    timedFailures: 9,
    example: {
      source: 'test-report',
      entityRef: 'component:default/ledger',
      reportId: 'r1',
      receivedAt: '2026-11-20T10:30:00.000Z',
      message: 'connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap',
      testId: 'db::connects',
      runUrl: 'https://ci.example.com/runs/7',
    },
    ...overrides,
  };
}

describe('FailureClustersCard', () => {
  it("asks for the clusters touching the group's services and lists count, entities, last seen and an example", async () => {
    const urls: string[] = [];
    server.use(
      http.get(clustersUrl, ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json({
          since: '2026-11-06T12:00:00.000Z',
          ownedBy: 'group:default/platform',
          clusters: [
            cluster({}),
            cluster({
              key: 'b'.repeat(64),
              signature: 'expected <n> to equal <n>',
              failures: 2,
              entities: 14,
              entityRefs: ['component:default/gateway'],
              ciTimeLostMs: 0,
              timedFailures: 0,
              example: {
                source: 'triage',
                entityRef: 'component:default/gateway',
                reportId: 'r2',
                receivedAt: '2026-11-19T09:00:00.000Z',
                fingerprint: 'API-001|TENANT-001',
              },
            }),
          ],
        });
      }),
    );
    await renderScorecards(<FailureClustersCard />, { group: 'platform' });

    const table = await screen.findByRole('table', {
      name: 'Failure clusters',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map(r => within(r).getAllByRole('cell'));
    expect(first[0]).toHaveTextContent('connect ECONNREFUSED 127.0.0.1:5432');
    expect(first[0]).toHaveTextContent(
      'Example: ledger · db::connects · CI run',
    );
    expect(
      within(first[0]).getByRole('link', { name: /^CI run/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/runs/7');
    expect(first[1]).toHaveTextContent('12');
    expect(first[2]).toHaveTextContent(
      '3 entities: billing-api, ledger, payments-api',
    );
    expect(
      within(first[2]).getByRole('link', { name: 'billing-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/billing-api');
    expect(first[3]).toHaveTextContent('2026-11-20 10:30 UTC');
    expect(first[4]).toHaveTextContent('42 s');
    // Without a message the signature stands in; unknown durations are not a zero.
    expect(second[0]).toHaveTextContent('expected <n> to equal <n>');
    expect(second[2]).toHaveTextContent('14 entities: gateway and 13 more');
    expect(second[4]).toHaveTextContent('—');

    expect(urls).toHaveLength(1);
    const asked = new URL(urls[0]).searchParams;
    expect(asked.get('ownedBy')).toBe('group:default/platform');
    expect(asked.get('limit')).toBe('10');
  });

  it('says so when no service of the team failed', async () => {
    server.use(
      http.get(clustersUrl, () =>
        HttpResponse.json({ since: '2026-11-06T12:00:00.000Z', clusters: [] }),
      ),
    );
    await renderScorecards(<FailureClustersCard />, { group: 'platform' });
    expect(
      await screen.findByText(
        'No test or triage failure of a service of platform in the last 14 days.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's explanation when it refuses", async () => {
    server.use(
      http.get(clustersUrl, () =>
        errorResponse(
          403,
          'Not allowed to read hardening evidence',
          'NotAllowedError',
        ),
      ),
    );
    await renderScorecards(<FailureClustersCard />, { group: 'platform' });
    expect(
      (
        await screen.findAllByText(
          /Could not load the failure clusters: Not allowed to read hardening evidence/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
