import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  entityScorecard,
  freezeStateMetrics,
  groupResponse,
  groupSummary,
  scorecardAverages,
  scorecardMetrics,
} from '../../__testUtils__/scorecardFixtures';
import { renderScorecards } from '../../__testUtils__/renderScorecards';
import { baseUrl, errorResponse } from '../../__testUtils__/renderWithEntity';
import { columnTitles, entityCell } from '../../__testUtils__/tables';
import { GroupScorecardCard } from './GroupScorecardCard';

const server = setupServer();
registerMswTestHooks(server);

// Each test renders material tables (and on the page a chart): seconds on a busy machine.
jest.setTimeout(30_000);

const groupUrl = (name: string) =>
  `${baseUrl}/scorecards/groups/default/${name}`;

/** Platform owns one entity itself; its child teams db and edge own the others. */
function platformScorecard() {
  return groupResponse({
    group: groupSummary('platform', {
      title: 'Platform',
      childGroupRefs: ['group:default/db', 'group:default/edge'],
      entities: 3,
      directEntities: 1,
      levels: { gold: 1, silver: 1, bronze: 0, none: 1 },
      averages: scorecardAverages({ rank: 5 / 3, contractGatePassRate: 0.875 }),
    }),
    childGroups: [
      groupSummary('db', {
        entities: 1,
        directEntities: 1,
        averages: scorecardAverages({ rank: 2 }),
      }),
      groupSummary('edge', {
        entities: 1,
        directEntities: 1,
        averages: scorecardAverages({ rank: 0 }),
      }),
    ],
    entities: [
      entityScorecard('gateway', 'gold', { owner: 'group:default/platform' }),
      entityScorecard('ledger', 'silver', {
        owner: 'group:default/db',
        metrics: freezeStateMetrics('regressed', {
          milestoneId: 'M2',
          failingChecklistItems: ['stress'],
        }),
      }),
      entityScorecard('edge-proxy', 'none', {
        owner: 'group:default/edge',
        metrics: freezeStateMetrics('no-milestone'),
      }),
    ],
    trend: [
      { day: '2026-10-31', entities: 3, levels: {}, averageRank: 1 },
      { day: '2026-11-21', entities: 3, levels: {}, averageRank: 5 / 3 },
    ],
  });
}

describe('GroupScorecardCard', () => {
  it("rolls up the group's own and its child teams' entities, each with what it misses", async () => {
    const urls: string[] = [];
    server.use(
      http.get(groupUrl('platform'), ({ request }) => {
        urls.push(request.url);
        return HttpResponse.json(platformScorecard());
      }),
    );
    await renderScorecards(<GroupScorecardCard />, { group: 'platform' });

    expect(
      screen.getByRole('heading', { name: 'Hardening scorecard' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /3 entities: 1 owned by Platform, 2 by its child teams\./,
      ),
    ).toBeInTheDocument();
    expect(urls).toEqual([`${groupUrl('platform')}?weeks=4`]);

    const levels = screen.getByRole('list', {
      name: 'Level distribution of Platform',
    });
    expect(
      within(levels)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual(['Gold: 1', 'Silver: 1', 'Bronze: 0', 'No level: 1']);
    expect(
      screen.getByText(
        'Mean level 1.0 of 3 on 2026-10-31, 1.7 of 3 on 2026-11-21.',
      ),
    ).toBeInTheDocument();
    const averages = screen.getByLabelText('Averages of Platform');
    expect(averages).toHaveTextContent('Mean level1.7 of 3');
    expect(averages).toHaveTextContent('Contract gate pass rate87.5%');

    const children = screen.getByRole('list', {
      name: 'Child teams of Platform',
    });
    expect(within(children).getByRole('link', { name: 'db' })).toHaveAttribute(
      'href',
      '/catalog/default/group/db',
    );
    expect(children).toHaveTextContent('1 entity · mean level 0.0 of 3');

    const table = screen.getByRole('table', {
      name: 'Entity scorecards of Platform',
    });
    const ledger = within(table).getByRole('link', { name: 'ledger' });
    expect(ledger).toHaveAttribute('href', '/catalog/default/component/ledger');
    const missing = within(table).getByRole('list', {
      name: 'Missing for Gold: ledger',
    });
    expect(
      within(missing)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Milestone freeze state is regressed after its freeze, needs frozen',
      'Stale runbooks is 1, needs at most 0',
    ]);
    // lowest level first: what needs work is on top
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('link')[0].textContent),
    ).toEqual(['edge-proxy', 'ledger', 'gateway']);
    expect(within(table).getByText('Top level reached')).toBeInTheDocument();

    // each entity's milestone and its freeze state
    expect(columnTitles(table)).toEqual([
      'Entity',
      'Owner',
      'Level',
      'Milestone',
      'Missing for the next level',
    ]);
    const milestoneOf = (name: string) => entityCell(table, name, 'Milestone');
    expect(milestoneOf('gateway')).toHaveTextContent(/^M1Frozen for 3 days$/);
    expect(milestoneOf('ledger')).toHaveTextContent(
      /^M2RegressedRegressed on: Stress run within thresholds$/,
    );
    expect(milestoneOf('edge-proxy')).toHaveTextContent(/^No milestone$/);

    expect(
      screen.getByRole('link', { name: /Compare with all teams/ }),
    ).toHaveAttribute('href', '/hardening');
  });

  it('shows a metric a backend module added as a column of the entities, formatted by its type', async () => {
    const audit = {
      name: 'acme.daysSinceAudit',
      title: 'Days since audit',
      type: 'days' as const,
      description: 'Whole days since the last security audit.',
      levelOps: [],
    };
    const withAudit = (days: number | null) =>
      scorecardMetrics({ extensions: { 'acme.daysSinceAudit': days } });
    server.use(
      http.get(groupUrl('platform'), () =>
        HttpResponse.json(
          groupResponse({
            group: groupSummary('platform', { title: 'Platform' }),
            extensionMetrics: [audit],
            entities: [
              entityScorecard('gateway', 'gold', { metrics: withAudit(1) }),
              entityScorecard('ledger', 'gold', { metrics: withAudit(12) }),
              entityScorecard('edge-proxy', 'gold', {
                metrics: withAudit(null),
              }),
            ],
          }),
        ),
      ),
    );
    await renderScorecards(<GroupScorecardCard />, { group: 'platform' });
    const table = await screen.findByRole('table', {
      name: 'Entity scorecards of Platform',
    });

    expect(columnTitles(table)).toEqual([
      'Entity',
      'Owner',
      'Level',
      'Milestone',
      'Days since audit',
      'Missing for the next level',
    ]);
    const audited = (name: string) =>
      entityCell(table, name, 'Days since audit').textContent;
    expect(['gateway', 'ledger', 'edge-proxy'].map(audited)).toEqual([
      '1 day',
      '12 days',
      '—',
    ]);
    await userEvent.hover(within(table).getByText('Days since audit'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Whole days since the last security audit.',
    );
  });

  it('says how to give a team without entities a scorecard', async () => {
    server.use(
      http.get(groupUrl('newcomers'), () =>
        HttpResponse.json(
          groupResponse({
            group: groupSummary('newcomers', {
              entities: 0,
              directEntities: 0,
              levels: {},
            }),
          }),
        ),
      ),
    );
    await renderScorecards(<GroupScorecardCard />, { group: 'newcomers' });

    expect(
      await screen.findByText(/No catalog entity is owned by this team/),
    ).toHaveTextContent('spec.owner: group:default/newcomers');
    expect(
      screen.getByRole('link', { name: 'scorecards page' }),
    ).toHaveAttribute('href', '/hardening');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it("shows the backend's reason when loading fails and loads again on Retry", async () => {
    let fail = true;
    server.use(
      http.get(groupUrl('platform'), () =>
        fail
          ? errorResponse(503, 'catalog is not reachable')
          : HttpResponse.json(platformScorecard()),
      ),
    );
    await renderScorecards(<GroupScorecardCard />, { group: 'platform' });

    expect(
      await screen.findByText(
        /Could not load the scorecard: catalog is not reachable/,
      ),
    ).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('list', {
        name: 'Level distribution of Platform',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });
});
