/** Anything but letters, marks, digits, connector punctuation, spaces and hyphens. */
const DROPPED = /[^\p{L}\p{M}\p{N}\p{Pc} -]/gu;

/**
 * The anchor of a heading the way GitHub makes it: lower-cased, punctuation dropped,
 * each space a hyphen (`W1. Minimum proof` → `w1-minimum-proof`).
 *
 * @public
 */
export function runbookHeadingSlug(text: string): string {
  return text
    .trim()
    .toLocaleLowerCase('en-US')
    .replace(DROPPED, '')
    .replace(/ /g, '-');
}

/**
 * Anchor ids for a document's headings in order: the slug of each, with `-1`, `-2` …
 * appended to repeats, so that the frontend renderer and the backend parser agree on
 * the ids a failure links to. An empty slug becomes `section`.
 *
 * @public
 */
export function runbookHeadingIds(texts: readonly string[]): string[] {
  const used = new Map<string, number>();
  return texts.map(text => {
    const base = runbookHeadingSlug(text) || 'section';
    let id = base;
    let n = used.get(base) ?? 0;
    while (used.has(id)) {
      n += 1;
      id = `${base}-${n}`;
    }
    used.set(base, n);
    used.set(id, used.get(id) ?? 0);
    return id;
  });
}
