import { screen, within } from '@testing-library/react';

/** The column headings of `table`, left to right. */
export function columnTitles(table: HTMLElement): Array<string | null> {
  return within(table)
    .getAllByRole('columnheader')
    .map(header => header.textContent);
}

/**
 * The cell of `table` under the column headed `column`, in the row of the entity whose
 * link is named `entity`: what a user finds by reading across from that entity.
 */
export function entityCell(
  table: HTMLElement,
  entity: string,
  column: string,
): HTMLElement {
  const index = columnTitles(table).indexOf(column);
  if (index < 0) throw new Error(`No column headed ${column}`);
  const row = within(table).getByRole('link', { name: entity }).closest('tr');
  if (!row) throw new Error(`${entity} is not in a table row`);
  return within(row).getAllByRole('cell')[index];
}

/** The text of each item of the list named `name`, top to bottom. */
export function listItemTexts(name: string): Array<string | null> {
  return within(screen.getByRole('list', { name }))
    .getAllByRole('listitem')
    .map(item => item.textContent);
}

/** The text of each cell of each body row of `table`, top to bottom. */
export function rowTexts(table: HTMLElement): Array<Array<string | null>> {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );
}

/** What each sort icon draws before Material UI turns it (180° for ascending). */
const ARROW_PATHS: Record<string, 'up' | 'down'> = {
  'M20 12l-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8 8-8z': 'down',
  'M4 12l1.41 1.41L11 7.83V20h2V7.83l5.58 5.59L20 12l-8-8-8 8z': 'up',
};

/**
 * Which way the sort arrow of the column headed `column` points on screen (`up`,
 * `down`), or `null` when the table is not sorted by it: the arrow drawn, turned by the
 * rotation its styles apply.
 */
export function sortArrow(
  table: HTMLElement,
  column: string,
): 'up' | 'down' | null {
  const header = within(table).getByRole('columnheader', { name: column });
  if (!header.querySelector('.MuiTableSortLabel-active')) return null;
  const icon = header.querySelector('svg')!;
  const drawn = ARROW_PATHS[icon.querySelector('path')!.getAttribute('d')!];
  if (!drawn) throw new Error(`Unknown sort icon in ${column}`);
  const turned = getComputedStyle(icon).transform === 'rotate(180deg)';
  if (!turned) return drawn;
  return drawn === 'up' ? 'down' : 'up';
}
