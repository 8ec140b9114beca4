import { InfoCard } from '@backstage/core-components';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { storedReport } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { rowTexts, sortArrow } from '../../__testUtils__/tables';
import { CiGatesSection } from '../CiGatesSection';
import { CardTable } from './CardTable';

const server = setupServer();
registerMswTestHooks(server);

jest.setTimeout(30_000);

type Row = { name: string; count: number };

const ROWS: Row[] = [
  { name: 'bravo', count: 2 },
  { name: 'alpha', count: 1 },
  { name: 'charlie', count: 3 },
  { name: 'delta', count: 4 },
  { name: 'echo', count: 5 },
  { name: 'foxtrot', count: 6 },
  { name: 'golf', count: 7 },
];

function renderInCard(rows: Row[], options = {}) {
  return renderInTestApp(
    <InfoCard title="Evidence">
      <CardTable<Row>
        title="Rows"
        columns={[
          { title: 'Name', field: 'name' },
          { title: 'Count of things', field: 'count', type: 'numeric' },
        ]}
        data={rows}
        options={options}
      />
    </InfoCard>,
  );
}

const names = (table: HTMLElement) => rowTexts(table).map(row => row[0]);

const clickHeader = (table: HTMLElement, name: string) =>
  userEvent.click(
    within(within(table).getByRole('columnheader', { name })).getByRole(
      'button',
    ),
  );

describe('CardTable', () => {
  it('sits on its card: no panel, shadow or toolbar of its own, its title a level-3 heading', async () => {
    await renderInCard(ROWS.slice(0, 2));
    const table = screen.getByRole('table', { name: 'Rows' });
    const card = screen.getByText('Evidence').closest('.MuiCard-root');
    expect(table.closest('.MuiPaper-root')).toBe(card);
    expect(screen.getByRole('heading', { level: 3 })).toHaveTextContent('Rows');
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    // Headings break between words only, a one-word heading not at all.
    expect(
      within(table).getByRole('columnheader', { name: 'Name' }),
    ).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(
      within(table).getByRole('columnheader', { name: 'Count of things' }),
    ).toHaveStyle({ wordBreak: 'keep-all', overflowWrap: 'normal' });
  });

  it('sorts by a heading ascending, then descending, the arrow pointing that way', async () => {
    await renderInCard(ROWS.slice(0, 3));
    const table = screen.getByRole('table', { name: 'Rows' });
    expect(sortArrow(table, 'Name')).toBeNull();

    await clickHeader(table, 'Name');
    expect(names(table)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(sortArrow(table, 'Name')).toBe('up');
    expect(
      within(table).getByRole('columnheader', { name: 'Name' }),
    ).toHaveAttribute('aria-sort', 'ascending');

    await clickHeader(table, 'Name');
    expect(names(table)).toEqual(['charlie', 'bravo', 'alpha']);
    expect(sortArrow(table, 'Name')).toBe('down');

    // A third click sorts ascending again rather than dropping the sort.
    await clickHeader(table, 'Name');
    expect(sortArrow(table, 'Name')).toBe('up');
  });

  it('shows only the rows there are on a short last page', async () => {
    await renderInCard(ROWS, { paging: true, pageSize: 5 });
    const table = screen.getByRole('table', { name: 'Rows' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 5);

    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));
    await waitFor(() => expect(names(table)).toEqual(['foxtrot', 'golf']));
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 2);
  });

  it('gives a section of the Hardening tab one card and one title per table', async () => {
    const report = storedReport('ci-gates', {
      gates: [{ name: 'lint', status: 'passed' }],
    });
    server.use(
      http.get(`${entityUrl()}/required-gates`, () =>
        HttpResponse.json({
          required: ['lint'],
          latestReportId: report.id,
          passing: true,
          gates: [{ name: 'lint', status: 'passed', passing: true }],
        }),
      ),
      http.get(`${entityUrl()}/ci-gates`, () =>
        HttpResponse.json({ items: [report] }),
      ),
    );
    await renderWithEntity(<CiGatesSection />);
    const required = await screen.findByRole('table', {
      name: 'Required gates',
    });
    const latest = screen.getByRole('table', { name: 'Latest gates report' });
    const card = screen
      .getByRole('heading', { level: 2, name: 'CI gates' })
      .closest('.MuiCard-root');
    expect(required.closest('.MuiPaper-root')).toBe(card);
    expect(latest.closest('.MuiPaper-root')).toBe(card);
    expect(
      screen.getAllByRole('heading').map(heading => heading.textContent),
    ).toEqual([
      'CI gates',
      'Required gates all passing',
      'Latest gates report',
    ]);
  });
});
