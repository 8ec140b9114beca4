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
