import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { freezeStateMetrics } from '../../__testUtils__/scorecardFixtures';
import { FreezeStateCell } from './FreezeStateCell';

async function renderCell(metrics: Parameters<typeof freezeStateMetrics>) {
  const { container } = await renderInTestApp(
    <FreezeStateCell metrics={freezeStateMetrics(...metrics)} />,
  );
  return container;
}

describe('FreezeStateCell', () => {
  it('says how long a frozen milestone has held', async () => {
    const cell = await renderCell([
      'frozen',
      { milestoneId: 'M3.4', daysSinceFreeze: 12 },
    ]);
    expect(cell).toHaveTextContent(/^M3\.4Frozen for 12 days$/);
  });

  it.each([
    ['Frozen today', 0],
    ['Frozen for 1 day', 1],
  ])('says "%s" %i day(s) after the freeze', async (text, days) => {
    await renderCell(['frozen', { daysSinceFreeze: days }]);
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('says a milestone with a green checklist is ready to freeze', async () => {
    const cell = await renderCell(['ready', { milestoneId: 'M2' }]);
    expect(cell).toHaveTextContent(/^M2Ready to freeze$/);
  });

  it('names the checklist items that block a milestone', async () => {
    const cell = await renderCell([
      'blocked',
      { milestoneId: 'M3.4', failingChecklistItems: ['tag', 'stress'] },
    ]);
    expect(screen.getByText('Blocked')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Blocked by: Milestone tag reported, Stress run within thresholds',
      ),
    ).toBeInTheDocument();
    expect(cell).toHaveTextContent(/^M3\.4Blocked/);
  });

  it('names the checklist items a frozen milestone regressed on', async () => {
    await renderCell([
      'regressed',
      { failingChecklistItems: ['contract', 'gates'] },
    ]);
    expect(screen.getByText('Regressed')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Regressed on: Contract gates active and passing, Required CI gates green',
      ),
    ).toBeInTheDocument();
  });

  it('says when an entity has no milestone', async () => {
    const cell = await renderCell(['no-milestone']);
    expect(cell).toHaveTextContent(/^No milestone$/);
  });
});
