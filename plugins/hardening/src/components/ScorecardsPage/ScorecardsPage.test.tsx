import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  entityScorecard,
  ORG_ENTITY_COLUMNS,
  orgResponse,
} from '../../__testUtils__/scorecardFixtures';
import {
  locationSearch,
  renderScorecards,
} from '../../__testUtils__/renderScorecards';
import { errorResponse } from '../../__testUtils__/renderWithEntity';
import { orgUrl, serveOrg as serve } from '../../__testUtils__/serveOrg';
import { columnTitles, entityCell, rowTexts } from '../../__testUtils__/tables';
import { ScorecardsPage } from './ScorecardsPage';

const server = setupServer();
registerMswTestHooks(server);

// Each test renders material tables (and on the page a chart): seconds on a busy machine.
jest.setTimeout(30_000);

const serveOrg = (respond?: (query: URLSearchParams) => Response) =>
  serve(server, respond);

async function renderPage() {
  await renderScorecards(<ScorecardsPage />);
  return screen.findByRole('table', { name: 'Team ranking' });
}

describe('ScorecardsPage', () => {
  it('ranks the teams, charts their trends and lists the entities with what they miss', async () => {
    const org = serveOrg();
    const ranking = await renderPage();

    expect(
      screen.getByRole('heading', { name: 'Hardening scorecards' }),
    ).toBeInTheDocument();
    expect(org.last()).toEqual({
      weeks: '4',
      offset: '0',
      limit: '25',
      sort: 'rank',
      order: 'desc',
    });
    expect(rowTexts(ranking)).toEqual([
      [
        '1',
        'Payments',
        '4',
        'Gold 1 · Silver 2 · Bronze 0 · No level 1',
        '2.0 of 3',
        '95%',
        '1.3',
      ],
      [
        '2',
        'search',
        '2',
        'Gold 0 · Silver 0 · Bronze 1 · No level 1',
        '0.5 of 3',
        '50%',
        '1.3',
      ],
    ]);
    expect(
      within(ranking).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');

    expect(
      within(
        screen.getByRole('list', {
          name: 'Level distribution of all entities',
        }),
      )
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual(['Gold: 1', 'Silver: 2', 'Bronze: 1', 'No level: 2']);

    expect(
      screen.getByRole('figure', { name: 'Team trends' }),
    ).toHaveTextContent(
      'Mean level per team over the last 4 weeks: Payments 1.5 of 3 on Nov 1, 2026 → 2.0 of 3 on Nov 21, 2026; search 0.0 of 3 on Nov 1, 2026 → 0.5 of 3 on Nov 21, 2026.',
    );

    const entities = screen.getByRole('table', { name: 'Entity scorecards' });
    expect(
      within(entities).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    const searchRow = within(entities)
      .getByRole('link', { name: 'search-api' })
      .closest('tr')!;
    expect(searchRow).toHaveTextContent('No level');
    expect(
      within(searchRow).getByRole('list', {
        name: 'Missing for Bronze: search-api',
      }),
    ).toHaveTextContent('Required CI gates green: no evidence yet (needs yes)');
    expect(
      screen.getByRole('heading', { name: 'Entities (2)' }),
    ).toBeInTheDocument();
  });

  it("shows each entity's milestone, its freeze state and what blocks it", async () => {
    serveOrg();
    await renderPage();
    const entities = screen.getByRole('table', { name: 'Entity scorecards' });

    expect(columnTitles(entities)).toEqual(ORG_ENTITY_COLUMNS);
    const milestoneOf = (name: string) =>
      entityCell(entities, name, 'Milestone');
    expect(milestoneOf('Payments API')).toHaveTextContent(
      /^M1Frozen for 3 days$/,
    );
    expect(milestoneOf('search-api')).toHaveTextContent(
      /^M3\.4BlockedBlocked by: Milestone tag reported, Stress run within thresholds$/,
    );
  });

  it('asks the backend again with the filters picked, from the first page', async () => {
    const org = serveOrg();
    await renderPage();
    const select = (name: string) => screen.getByRole('combobox', { name });

    expect(
      within(select('System'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All systems', 'payments', 'search']);

    await userEvent.selectOptions(select('System'), 'system:default/search');
    await waitFor(() =>
      expect(org.last()).toMatchObject({
        system: 'system:default/search',
        offset: '0',
      }),
    );
    await userEvent.selectOptions(select('Tier'), 'tier-2');
    await userEvent.selectOptions(select('Lifecycle'), 'experimental');
    await userEvent.selectOptions(select('Trend period'), '12');
    await waitFor(() =>
      expect(org.last()).toEqual({
        system: 'system:default/search',
        tier: 'tier-2',
        lifecycle: 'experimental',
        weeks: '12',
        offset: '0',
        limit: '25',
        sort: 'rank',
        order: 'desc',
      }),
    );

    expect(locationSearch()).toBe(
      '?system=system%3Adefault%2Fsearch&tier=tier-2&lifecycle=experimental&weeks=12',
    );

    await userEvent.selectOptions(select('Tier'), 'All tiers');
    await waitFor(() => expect(org.last().tier).toBeUndefined());
    expect(locationSearch()).toBe(
      '?system=system%3Adefault%2Fsearch&lifecycle=experimental&weeks=12',
    );
  });

  it('lets the backend sort and page the entity table', async () => {
    const org = serveOrg(() =>
      HttpResponse.json(
        orgResponse({
          entities: {
            items: [entityScorecard('payments-api', 'gold')],
            totalCount: 60,
            offset: 0,
            limit: 25,
          },
        }),
      ),
    );
    await renderPage();
    const entities = screen.getByRole('table', { name: 'Entity scorecards' });

    await userEvent.click(within(entities).getByText('Owner'));
    await waitFor(() =>
      expect(org.last()).toMatchObject({ sort: 'owner', order: 'asc' }),
    );
    await userEvent.click(within(entities).getByText('Owner'));
    await waitFor(() =>
      expect(org.last()).toMatchObject({ sort: 'owner', order: 'desc' }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    await waitFor(() =>
      expect(org.last()).toMatchObject({
        offset: '25',
        limit: '25',
        sort: 'owner',
      }),
    );
  });

  it('downloads the CSV of the filtered table with the credentials of the user', async () => {
    serveOrg();
    let csvQuery: Record<string, string> | undefined;
    server.use(
      http.get(`${orgUrl}.csv`, ({ request }) => {
        csvQuery = Object.fromEntries(new URL(request.url).searchParams);
        return new HttpResponse('entity,title\r\n', {
          headers: { 'Content-Type': 'text/csv' },
        });
      }),
    );
    const saved: Array<{ href: string; download: string }> = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function saveLink(this: HTMLAnchorElement) {
        saved.push({ href: this.href, download: this.download });
      });
    URL.createObjectURL = jest.fn(() => 'blob:scorecards');
    URL.revokeObjectURL = jest.fn();
    try {
      await renderPage();
      await userEvent.selectOptions(
        screen.getByRole('combobox', { name: 'Lifecycle' }),
        'production',
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Download CSV' }),
      );

      await waitFor(() =>
        expect(saved).toEqual([
          { href: 'blob:scorecards', download: 'hardening-scorecards.csv' },
        ]),
      );
      expect(csvQuery).toEqual({
        lifecycle: 'production',
        sort: 'rank',
        order: 'desc',
      });
      const blob = (URL.createObjectURL as jest.Mock).mock.calls[0][0];
      expect(blob).toBeInstanceOf(Blob);
    } finally {
      click.mockRestore();
    }
  });

  it('says why the CSV could not be downloaded', async () => {
    serveOrg();
    server.use(
      http.get(`${orgUrl}.csv`, () =>
        errorResponse(401, 'Missing credentials'),
      ),
    );
    await renderPage();
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not download the CSV: Missing credentials',
    );
  });

  it('explains where scorecards come from when there are none', async () => {
    serveOrg(() =>
      HttpResponse.json(
        orgResponse({
          overall: {
            entities: 0,
            directEntities: 0,
            levels: {},
            averages: orgResponse().overall.averages,
          },
          teams: [],
          trends: [],
          entities: { items: [], totalCount: 0, offset: 0, limit: 25 },
        }),
      ),
    );
    await renderScorecards(<ScorecardsPage />);
    expect(await screen.findByText('No scorecards yet')).toBeInTheDocument();
    expect(
      screen.getByText(/upload their evidence from CI/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('offers to clear filters that match nothing', async () => {
    const org = serveOrg(query =>
      HttpResponse.json(
        query.get('tier')
          ? orgResponse({
              overall: { ...orgResponse().overall, entities: 0, levels: {} },
              teams: [],
              trends: [],
              entities: { items: [], totalCount: 0, offset: 0, limit: 25 },
            })
          : orgResponse(),
      ),
    );
    await renderPage();
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Tier' }),
      'tier-2',
    );
    expect(
      await screen.findByText('No entity matches these filters'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(
      await screen.findByRole('table', { name: 'Team ranking' }),
    ).toBeInTheDocument();
    expect(org.last().tier).toBeUndefined();
  });

  it("shows the backend's reason when the scorecards cannot be loaded, and retries", async () => {
    let fail = true;
    const org = serveOrg(() =>
      fail
        ? errorResponse(
            400,
            'Invalid query parameters: weeks must be at most 26',
          )
        : HttpResponse.json(orgResponse()),
    );
    await renderScorecards(<ScorecardsPage />);
    expect(
      await screen.findByText(
        /Could not load the scorecards: Invalid query parameters: weeks must be at most 26/,
      ),
    ).toBeInTheDocument();

    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Team ranking' }),
    ).toBeInTheDocument();
    expect(org.count()).toBe(2);
  });
});
