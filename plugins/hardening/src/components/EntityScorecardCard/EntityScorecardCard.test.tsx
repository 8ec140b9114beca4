import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  evaluateLevel,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  entityScorecard,
  entityScorecardResponse,
  freezeStateMetrics,
  LEVELS,
  LINE_COVERAGE,
  noEvidenceMetrics,
  scorecardMetrics,
} from '../../__testUtils__/scorecardFixtures';
import { renderScorecards } from '../../__testUtils__/renderScorecards';
import { listItemTexts } from '../../__testUtils__/tables';
import { baseUrl, errorResponse } from '../../__testUtils__/renderWithEntity';
import { EntityScorecardCard } from './EntityScorecardCard';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(30_000);

const scorecardUrl = (name: string) =>
  `${baseUrl}/scorecards/entities/component/default/${name}`;

/** Answers for `name` with the level its metrics reach, as the backend computes it. */
function serveScorecard(name: string, metrics: ScorecardMetrics) {
  const urls: string[] = [];
  const scorecard = {
    ...entityScorecard(name, 'none'),
    metrics,
    ...evaluateLevel(metrics, LEVELS),
  };
  server.use(
    http.get(scorecardUrl(name), ({ request }) => {
      urls.push(request.url);
      return HttpResponse.json(entityScorecardResponse(scorecard));
    }),
  );
  return urls;
}

/** A metric a module adds that says yes or no. */
const SIGNED = {
  name: 'acme.signed',
  title: 'Signed images',
  type: 'boolean' as const,
  description: 'Every image of the newest release is signed.',
  levelOps: ['is-true' as const],
};

/** What the card says for `term` in the metric group named `group`. */
function metric(group: string, term: string): HTMLElement {
  const list = screen.getByLabelText(group);
  const dt = within(list).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

async function renderCard(name: string) {
  await renderScorecards(<EntityScorecardCard />, { component: name });
  return screen.findByText(/^Level \d of 3\./);
}

describe('EntityScorecardCard', () => {
  it('shows a gold component with every metric and nothing missing', async () => {
    const urls = serveScorecard('payments-api', scorecardMetrics());
    await renderCard('payments-api');

    expect(
      screen.getByRole('heading', { name: 'Hardening scorecard' }),
    ).toBeInTheDocument();
    expect(urls).toEqual([scorecardUrl('payments-api')]);
    expect(screen.getByText('Gold')).toBeInTheDocument();
    const computed = screen.getByText(/^Level 3 of 3\. Computed/);
    expect(computed.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-11-21T10:00:00.000Z',
    );
    expect(screen.getByText('Top level reached')).toBeInTheDocument();
    expect(screen.queryByText(/No evidence has been uploaded/)).toBeNull();

    const of = (group: string) => `${group} of payments-api`;
    expect(metric(of('Milestone'), 'Milestone freeze state')).toHaveTextContent(
      /^M1Frozen for 3 days$/,
    );
    expect(metric(of('Gates'), 'Contract gate pass rate')).toHaveTextContent(
      /^100%$/,
    );
    // The verdict, then which gates were checked and where they come from.
    expect(metric(of('Gates'), 'Required CI gates green').textContent).toBe(
      "GreenM1 needs lint, build green: the component's required CI gates (none set) plus the gates M1 names itself (lint, build).",
    );
    // Every stress figure names whose limits it is judged against.
    expect(
      metric(of('Stress run'), 'Stress run within thresholds'),
    ).toHaveTextContent(/^M1: passes, p95 120 ms within its limit of 500 ms$/);
    expect(metric(of('Stress run'), 'Stress p95')).toHaveTextContent(
      /^120 ms within M1's limit of 500 ms$/,
    );
    expect(metric(of('Stress run'), 'Stress error rate')).toHaveTextContent(
      /^0% within M1's limit of 1%$/,
    );
    expect(metric(of('Release'), 'Release chain verified')).toHaveTextContent(
      /^Verified$/,
    );
    expect(
      metric(of('Release'), 'Validation metrics passed'),
    ).toHaveTextContent(/^8$/);
    expect(
      metric(of('Release'), 'Validation metrics failed'),
    ).toHaveTextContent(/^0$/);
    const triage = of('Triage and tests');
    expect(metric(triage, 'Open triage failures')).toHaveTextContent(/^0$/);
    expect(
      within(screen.getByLabelText(triage)).queryByText(
        'Age of the oldest open failure',
      ),
    ).toBeNull();
    expect(metric(triage, 'Flaky tests')).toHaveTextContent(
      /^0 in the last 14 days$/,
    );
    const runbooks = of('Runbooks and evidence');
    expect(metric(runbooks, 'Runbooks')).toHaveTextContent(/^1$/);
    expect(metric(runbooks, 'Stale runbooks')).toHaveTextContent(/^0$/);
    expect(
      metric(runbooks, 'Last evidence').querySelector('time'),
    ).toHaveAttribute('dateTime', '2026-11-21T10:00:00.000Z');

    expect(
      screen.getByRole('link', { name: /Compare with all entities/ }),
    ).toHaveAttribute('href', '/hardening');
  });

  it('lists what a silver component misses for gold, and its open failures by class', async () => {
    serveScorecard(
      'ledger',
      scorecardMetrics({
        ...freezeStateMetrics('regressed', {
          milestoneId: 'M2',
          failingChecklistItems: ['e2e'],
        }),
        validationPassed: 7,
        validationFailed: 1,
        openTriageFailures: 3,
        openTriageByClass: {
          'infra-ci': 0,
          harness: 0,
          'algorithm-regression': 0,
          'data-schema-drift': 0,
          flake: 2,
          unclassified: 1,
        },
        oldestOpenTriageDays: 9,
        runbooks: 2,
        staleRunbooks: 1,
      }),
    );
    await renderCard('ledger');

    expect(screen.getByText('Silver')).toBeInTheDocument();
    expect(screen.getByText('For Gold:')).toBeInTheDocument();
    expect(listItemTexts('Missing for Gold: ledger')).toEqual([
      'Milestone freeze state is regressed after its freeze, needs frozen',
      'Validation metrics failed is 1, needs at most 0',
      'Age of the oldest open failure is 9 days, needs at most 7 days',
      'Stale runbooks is 1, needs at most 0',
    ]);
    expect(
      metric('Milestone of ledger', 'Milestone freeze state'),
    ).toHaveTextContent(
      /^M2RegressedRegressed on: E2E coverage of happy and security paths$/,
    );
    const triage = 'Triage and tests of ledger';
    expect(metric(triage, 'Open triage failures')).toHaveTextContent(
      /^3Flake 2 · Unclassified 1$/,
    );
    expect(metric(triage, 'Age of the oldest open failure')).toHaveTextContent(
      /^9 days$/,
    );
    expect(
      metric('Runbooks and evidence of ledger', 'Stale runbooks'),
    ).toHaveTextContent(/^1$/);
  });

  it('says "no evidence" for what was never uploaded, not 0', async () => {
    serveScorecard('fresh-service', noEvidenceMetrics());
    await renderCard('fresh-service');

    expect(
      screen.getByText(/No evidence has been uploaded for this component yet/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Hardening tab' })).toHaveAttribute(
      'href',
      '/catalog/default/component/fresh-service/hardening',
    );
    expect(screen.getByText('No level')).toBeInTheDocument();
    expect(listItemTexts('Missing for Bronze: fresh-service')).toEqual([
      'Required CI gates green: no evidence yet (needs yes)',
      'Contract gate pass rate: no evidence yet (needs >= 50%)',
    ]);

    const of = (group: string) => `${group} of fresh-service`;
    const expected: Array<[string, string, string]> = [
      [of('Milestone'), 'Milestone freeze state', 'No milestone'],
      [of('Gates'), 'Contract gate pass rate', 'No contract results yet'],
      [
        of('Gates'),
        'Required CI gates green',
        "No CI gates report yetThe component sets no required CI gates, so lint, build (a milestone's default) are checked; a milestone needs the gates it names itself.",
      ],
      [of('Stress run'), 'Stress run within thresholds', 'No stress run yet'],
      [of('Stress run'), 'Stress p95', 'No stress run yet'],
      [of('Stress run'), 'Stress error rate', 'No stress run yet'],
      [of('Release'), 'Release chain verified', 'No release chain yet'],
      [of('Release'), 'Validation metrics passed', 'No validation report yet'],
      [of('Release'), 'Validation metrics failed', 'No validation report yet'],
      [of('Runbooks and evidence'), 'Last evidence', 'No evidence yet'],
      [of('Runbooks and evidence'), 'Runbooks', '0'],
    ];
    for (const [group, term, text] of expected) {
      expect(metric(group, term).textContent).toBe(text);
    }
  });

  it('lists the metrics backend modules added under "Other metrics", described and formatted by type', async () => {
    const metrics = scorecardMetrics({
      extensions: { 'acme.lineCoverage': 0.92, 'acme.signed': null },
    });
    server.use(
      http.get(scorecardUrl('payments-api'), () =>
        HttpResponse.json({
          ...entityScorecardResponse({
            ...entityScorecard('payments-api', 'gold'),
            metrics,
          }),
          extensionMetrics: [LINE_COVERAGE, SIGNED],
        }),
      ),
    );
    await renderCard('payments-api');

    expect(
      screen.getByRole('heading', { name: 'Other metrics' }),
    ).toBeInTheDocument();
    const other = 'Other metrics of payments-api';
    expect(metric(other, 'Line coverage')).toHaveTextContent(
      /^92%Share of lines covered by the newest coverage report\.$/,
    );
    expect(metric(other, 'Signed images')).toHaveTextContent(
      /^No value yetEvery image of the newest release is signed\.$/,
    );
  });

  it('shows no "Other metrics" when no module adds a metric', async () => {
    serveScorecard('payments-api', scorecardMetrics());
    await renderCard('payments-api');
    expect(
      screen.getAllByRole('heading', { level: 3 }).map(h => h.textContent),
    ).toEqual([
      'Milestone',
      'Gates',
      'Stress run',
      'Release',
      'Triage and tests',
      'Runbooks and evidence',
    ]);
  });

  it('names the checklist items that block the milestone and the failing gates', async () => {
    serveScorecard(
      'search-api',
      scorecardMetrics({
        ...freezeStateMetrics('blocked', {
          milestoneId: 'M3.4',
          failingChecklistItems: ['tag', 'stress'],
        }),
        requiredGatesGreen: false,
        failingRequiredGates: ['lint', 'e2e'],
        stressP95Ms: 900,
        stressWithinThresholds: false,
      }),
    );
    await renderCard('search-api');

    expect(screen.getByText('No level')).toBeInTheDocument();
    expect(
      metric('Milestone of search-api', 'Milestone freeze state'),
    ).toHaveTextContent(
      /^M3\.4BlockedBlocked by: Milestone tag reported, Stress run within thresholds$/,
    );
    const gates = metric('Gates of search-api', 'Required CI gates green');
    expect(gates).toHaveTextContent(
      /^Failing: lint, e2eM3\.4 needs lint, build/,
    );
    expect(gates.querySelector('[data-status]')).toHaveAttribute(
      'data-status',
      'error',
    );
    const p95 = metric('Stress run of search-api', 'Stress p95');
    expect(p95).toHaveTextContent(/^900 ms against M3\.4's limit of 500 ms$/);
    expect(p95.querySelector('[data-status]')).toHaveAttribute(
      'data-status',
      'error',
    );
  });

  it.each([
    [403, 'You may not see component:default/payments-api'],
    [500, 'database is not reachable'],
  ])(
    "shows the backend's reason for a %i and loads again on Retry",
    async (status, message) => {
      let fail = true;
      server.use(
        http.get(scorecardUrl('payments-api'), () =>
          fail
            ? errorResponse(status, message)
            : HttpResponse.json(
                entityScorecardResponse(
                  entityScorecard('payments-api', 'gold'),
                ),
              ),
        ),
      );
      await renderScorecards(<EntityScorecardCard />, {
        component: 'payments-api',
      });

      expect(
        await screen.findByText(
          new RegExp(`Could not load the scorecard: ${message}`),
        ),
      ).toBeInTheDocument();
      fail = false;
      await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(await screen.findByText('Gold')).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Retry' }),
      ).not.toBeInTheDocument();
    },
  );
});
