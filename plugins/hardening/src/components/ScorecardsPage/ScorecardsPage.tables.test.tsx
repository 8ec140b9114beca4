import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  locationSearch,
  renderScorecards,
} from '../../__testUtils__/renderScorecards';
import {
  entityScorecard,
  orgResponse,
} from '../../__testUtils__/scorecardFixtures';
import { serveOrg } from '../../__testUtils__/serveOrg';
import { entityCell, rowTexts, sortArrow } from '../../__testUtils__/tables';
import { ScorecardsPage } from './ScorecardsPage';

const server = setupServer();
registerMswTestHooks(server);

// Each test renders material tables and a chart: seconds on a busy machine.
jest.setTimeout(30_000);

/** Three entities owned by three teams, sorted by owner as the query asks (60 in all). */
function byOwner(query: URLSearchParams) {
  const items = ['bravo', 'alpha', 'charlie'].map(team =>
    entityScorecard(`${team}-api`, 'gold', { owner: `group:default/${team}` }),
  );
  if (query.get('sort') === 'owner') {
    const sign = query.get('order') === 'desc' ? -1 : 1;
    items.sort((a, b) => sign * a.owner!.localeCompare(b.owner!));
  }
  return HttpResponse.json(
    orgResponse({ entities: { items, totalCount: 60, offset: 0, limit: 25 } }),
  );
}

async function renderPage(route?: string) {
  await renderScorecards(<ScorecardsPage />, route ? { route } : {});
  await screen.findByRole('table', { name: 'Team ranking' });
  return {
    entities: screen.getByRole('table', { name: 'Entity scorecards' }),
    ranking: screen.getByRole('table', { name: 'Team ranking' }),
  };
}

const header = (table: HTMLElement, name: string) =>
  within(table).getByRole('columnheader', { name });

const column = (table: HTMLElement, index: number) =>
  rowTexts(table).map(cells => cells[index]);

describe('ScorecardsPage tables', () => {
  it('sorts the entities ascending then descending, the arrow pointing that way, without filler rows', async () => {
    const org = serveOrg(server, byOwner);
    const { entities } = await renderPage();

    // The backend's default order: highest level first.
    expect(sortArrow(entities, 'Level')).toBe('down');
    expect(header(entities, 'Level')).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(sortArrow(entities, 'Owner')).toBeNull();
    // One row per entity on a page of 25: no empty rows fill the rest.
    expect(within(entities).getAllByRole('row')).toHaveLength(1 + 3);

    await userEvent.click(
      within(header(entities, 'Owner')).getByRole('button'),
    );
    await waitFor(() =>
      expect(column(entities, 1)).toEqual(['alpha', 'bravo', 'charlie']),
    );
    expect(org.last()).toMatchObject({ sort: 'owner', order: 'asc' });
    expect(sortArrow(entities, 'Owner')).toBe('up');
    expect(header(entities, 'Owner')).toHaveAttribute('aria-sort', 'ascending');
    expect(sortArrow(entities, 'Level')).toBeNull();
    expect(header(entities, 'Level')).not.toHaveAttribute('aria-sort');
    expect(locationSearch()).toBe('?sort=owner&order=asc');

    await userEvent.click(
      within(header(entities, 'Owner')).getByRole('button'),
    );
    await waitFor(() =>
      expect(column(entities, 1)).toEqual(['charlie', 'bravo', 'alpha']),
    );
    expect(sortArrow(entities, 'Owner')).toBe('down');
    expect(header(entities, 'Owner')).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(locationSearch()).toBe('?sort=owner&order=desc');
    expect(within(entities).getAllByRole('row')).toHaveLength(1 + 3);
  });

  it('restores the filters, the sorts and the page from the URL', async () => {
    const org = serveOrg(server, byOwner);
    const { entities, ranking } = await renderPage(
      '/hardening?tier=tier-2&weeks=12&sort=owner&order=asc&offset=25&teamSort=entities&teamOrder=asc',
    );

    expect(org.count()).toBe(1);
    expect(org.first()).toEqual({
      tier: 'tier-2',
      weeks: '12',
      offset: '25',
      limit: '25',
      sort: 'owner',
      order: 'asc',
    });
    expect(screen.getByRole('combobox', { name: 'Tier' })).toHaveDisplayValue(
      'tier-2',
    );
    expect(
      screen.getByRole('combobox', { name: 'Trend period' }),
    ).toHaveDisplayValue('Last 12 weeks');
    expect(sortArrow(entities, 'Owner')).toBe('up');
    expect(column(entities, 1)).toEqual(['alpha', 'bravo', 'charlie']);
    // The team ranking's own sort: fewest entities first.
    expect(sortArrow(ranking, 'Entities')).toBe('up');
    expect(column(ranking, 1)).toEqual(['search', 'Payments']);
  });

  it('falls back to the defaults for values a hand-edited URL gets wrong', async () => {
    const org = serveOrg(server);
    await renderPage('/hardening?weeks=99&sort=colour&order=up&limit=7');
    expect(org.first()).toEqual({
      weeks: '4',
      offset: '0',
      limit: '25',
      sort: 'rank',
      order: 'desc',
    });
  });

  it('sorts the team ranking by a heading and keeps that in the URL, without asking the backend again', async () => {
    const org = serveOrg(server);
    const { ranking } = await renderPage();
    expect(column(ranking, 1)).toEqual(['Payments', 'search']);

    await userEvent.click(
      within(header(ranking, 'Entities')).getByRole('button'),
    );
    await waitFor(() =>
      expect(column(ranking, 1)).toEqual(['search', 'Payments']),
    );
    expect(sortArrow(ranking, 'Entities')).toBe('up');
    expect(locationSearch()).toBe('?teamSort=entities&teamOrder=asc');

    await userEvent.click(
      within(header(ranking, 'Entities')).getByRole('button'),
    );
    await waitFor(() =>
      expect(column(ranking, 1)).toEqual(['Payments', 'search']),
    );
    expect(sortArrow(ranking, 'Entities')).toBe('down');
    expect(locationSearch()).toBe('?teamSort=entities&teamOrder=desc');
    expect(org.count()).toBe(1);
  });

  it('names entities by link, shows "All" under each filter label and keeps headings whole', async () => {
    serveOrg(server);
    const { entities, ranking } = await renderPage();

    // Names are links to the entity pages; refs are not printed.
    expect(
      within(entities).getByRole('link', { name: 'search-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/search-api');
    expect(
      within(entities).getAllByRole('link', { name: 'payments' })[0],
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(entities).not.toHaveTextContent(/component:|group:|system:/);
    expect(ranking).not.toHaveTextContent(/group:/);

    for (const [name, all] of [
      ['System', 'All systems'],
      ['Tier', 'All tiers'],
      ['Lifecycle', 'All lifecycles'],
    ]) {
      expect(screen.getByRole('combobox', { name })).toHaveDisplayValue(all);
      expect(screen.getByText(name, { selector: 'label' })).toHaveAttribute(
        'data-shrink',
        'true',
      );
    }

    // Headings are never cut inside a word.
    for (const name of ['Owner', 'Lifecycle', 'Milestone']) {
      expect(header(entities, name)).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    for (const name of ['Contract gates passed', 'Open failures']) {
      expect(header(entities, name)).toHaveStyle({ wordBreak: 'keep-all' });
    }
    // The reasons get room to be read, one per line.
    const missing = entityCell(
      entities,
      'search-api',
      'Missing for the next level',
    );
    expect(missing).toHaveStyle({ minWidth: '280px' });
    expect(
      within(missing)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Required CI gates green: no evidence yet (needs yes)']);
  });
});
