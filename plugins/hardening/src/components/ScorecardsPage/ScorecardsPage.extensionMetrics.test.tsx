import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  entityScorecard,
  LINE_COVERAGE,
  ORG_ENTITY_COLUMNS,
  orgResponse,
  scorecardMetrics,
} from '../../__testUtils__/scorecardFixtures';
import { renderScorecards } from '../../__testUtils__/renderScorecards';
import { orgUrl, serveOrg } from '../../__testUtils__/serveOrg';
import { columnTitles, entityCell, rowTexts } from '../../__testUtils__/tables';
import { ScorecardsPage } from './ScorecardsPage';

const server = setupServer();
registerMswTestHooks(server);

// Each test renders material tables and a chart: seconds on a busy machine.
jest.setTimeout(30_000);

/** The org answer with line coverage added by a module: 92% for one entity, none for the other. */
function withCoverage() {
  const plain = orgResponse();
  return orgResponse({
    extensionMetrics: [LINE_COVERAGE],
    entities: {
      ...plain.entities,
      items: [
        entityScorecard('payments-api', 'gold', {
          title: 'Payments API',
          metrics: scorecardMetrics({
            extensions: { 'acme.lineCoverage': 0.92 },
          }),
        }),
        entityScorecard('search-api', 'none', {
          metrics: scorecardMetrics({
            extensions: { 'acme.lineCoverage': null },
          }),
        }),
      ],
    },
  });
}

async function renderPage() {
  await renderScorecards(<ScorecardsPage />);
  await screen.findByRole('table', { name: 'Team ranking' });
  return screen.getByRole('table', { name: 'Entity scorecards' });
}

describe('ScorecardsPage with metrics added by backend modules', () => {
  it('shows each added metric as a column, titled, described on hover and formatted by its type', async () => {
    serveOrg(server, () => HttpResponse.json(withCoverage()));
    const entities = await renderPage();

    expect(columnTitles(entities)).toEqual([
      ...ORG_ENTITY_COLUMNS.slice(0, -1),
      'Line coverage',
      'Missing for the next level',
    ]);
    expect(
      entityCell(entities, 'Payments API', 'Line coverage'),
    ).toHaveTextContent(/^92%$/);
    expect(
      entityCell(entities, 'search-api', 'Line coverage'),
    ).toHaveTextContent(/^—$/);

    await userEvent.hover(
      within(entities).getByText('Line coverage', { selector: 'span' }),
    );
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Share of lines covered by the newest coverage report.',
    );
  });

  it('saves the CSV the backend exports, with the added metric’s column, byte for byte', async () => {
    serveOrg(server, () => HttpResponse.json(withCoverage()));
    const csv =
      'entity,missing_for_next_level,acme.lineCoverage\r\n' +
      'component:default/payments-api,,0.92\r\n' +
      'component:default/search-api,Required CI gates green: no evidence yet (needs yes),\r\n';
    server.use(
      http.get(
        `${orgUrl}.csv`,
        () =>
          new HttpResponse(csv, { headers: { 'Content-Type': 'text/csv' } }),
      ),
    );
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    URL.createObjectURL = jest.fn(() => 'blob:scorecards');
    URL.revokeObjectURL = jest.fn();
    try {
      await renderPage();
      await userEvent.click(
        screen.getByRole('button', { name: 'Download CSV' }),
      );
      await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      const blob: Blob = (URL.createObjectURL as jest.Mock).mock.calls[0][0];
      const text = await new Response(blob).text();
      expect(text).toBe(csv);
      expect(text.split('\r\n')[0].split(',').at(-1)).toBe(LINE_COVERAGE.name);
    } finally {
      click.mockRestore();
    }
  });

  it('renders as before when no module adds a metric', async () => {
    serveOrg(server);
    const entities = await renderPage();

    expect(columnTitles(entities)).toEqual(ORG_ENTITY_COLUMNS);
    expect(rowTexts(entities).map(cells => cells.length)).toEqual([10, 10]);
    expect(screen.queryByText('Line coverage')).toBeNull();
  });
});
