import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NO_FLAKY_TESTS, T0, testReport } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { TestReportsSection } from './TestReportsSection';

const server = setupServer();
registerMswTestHooks(server);

describe('TestReportsSection', () => {
  // Times read relative to a frozen "now": the day after T1.
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-22T10:00:00Z'));
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the latest report, its failures, the flaky tests and the pass-rate trend', async () => {
    const latest = testReport(
      { tests: 11, passed: 9, failed: 1, errors: 0, skipped: 1, flaky: 1 },
      { context: { commit: 'abcdef1234567890', tags: ['e2e:happy'] } },
    );
    const older = testReport(
      { tests: 10, passed: 10, failed: 0 },
      { receivedAt: T0 },
    );
    const url = entityUrl();
    server.use(
      http.get(`${url}/test-reports`, () =>
        HttpResponse.json({ items: [latest, older] }),
      ),
      http.get(`${url}/tests/flaky`, () =>
        HttpResponse.json({
          items: [
            {
              testId: 'refunds::issues a refund',
              name: 'issues a refund',
              runs: 12,
              rerunPasses: 3,
              sameCommitFlips: 1,
              lastSeen: T0,
              lastStatus: 'passed',
            },
          ],
          total: 21,
          since: '2026-11-08T00:00:00.000Z',
          windowDays: 14,
        }),
      ),
      http.get(`${url}/test-reports/${latest.id}/cases`, ({ request }) => {
        const status = new URL(request.url).searchParams.get('status');
        return HttpResponse.json({
          items:
            status === 'failed'
              ? [
                  {
                    testId: 'checkout::shows the receipt',
                    name: 'shows the receipt',
                    classname: 'checkout',
                    suitePath: ['checkout e2e'],
                    file: 'e2e/checkout.spec.ts',
                    status: 'failed',
                    attempts: 2,
                    flaky: false,
                    message: 'receipt total differs',
                  },
                ]
              : [],
        });
      }),
    );
    await renderWithEntity(<TestReportsSection />);

    expect(
      await screen.findByRole('heading', { name: 'Latest report: 90% passed' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /11 tests · 9 passed · 1 failed · 0 errors · 1 skipped · 1 passed on a rerun in this report/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/tags e2e:happy/)).toBeInTheDocument();

    const failure = (await screen.findByText('shows the receipt')).closest(
      'tr',
    )!;
    expect(failure).toHaveTextContent('receipt total differs');
    expect(failure).toHaveTextContent('checkout e2e · e2e/checkout.spec.ts');

    // The entity's flaky figure, with its window and definition; not the report's count.
    expect(
      screen.getByText('Flaky tests: 21 in the last 14 days'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /A test counts as flaky when.*The 1 most flaky are listed\./,
      ),
    ).toBeInTheDocument();
    const flaky = screen.getByText('issues a refund').closest('tr')!;
    expect(
      within(flaky)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['issues a refund', '12', '3', '1', 'passed', '2 days ago']);

    const trend = screen.getByRole('figure', { name: 'Pass rate trend' });
    expect(trend).toHaveTextContent('Last 2 reports: 100% → 90%, lowest 90%.');
  });

  it('says when no test was flaky in the window, with the window', async () => {
    const url = entityUrl();
    const latest = testReport({ tests: 3, passed: 3, failed: 0 });
    server.use(
      http.get(`${url}/test-reports`, () =>
        HttpResponse.json({ items: [latest] }),
      ),
      http.get(`${url}/tests/flaky`, () => HttpResponse.json(NO_FLAKY_TESTS)),
      http.get(`${url}/test-reports/${latest.id}/cases`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithEntity(<TestReportsSection />);
    expect(
      await screen.findByText('Flaky tests: 0 in the last 14 days'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: /Flaky/ })).toBeNull();
  });
});
