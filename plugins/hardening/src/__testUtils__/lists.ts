import { within } from '@testing-library/react';

/** The names of a list's items (their `aria-label`s), in order, nested lists included. */
export function listItemNames(list: HTMLElement): Array<string | null> {
  return within(list)
    .getAllByRole('listitem')
    .map(item => item.getAttribute('aria-label'));
}
