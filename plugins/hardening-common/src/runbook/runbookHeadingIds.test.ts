import { runbookHeadingIds, runbookHeadingSlug } from './runbookHeadingIds';

describe('runbookHeadingSlug', () => {
  it('makes GitHub-style anchors', () => {
    expect(runbookHeadingSlug('W1. Minimum durability proof')).toBe(
      'w1-minimum-durability-proof',
    );
    expect(runbookHeadingSlug('`BID-*` Bidding (lifecycle)')).toBe(
      'bid--bidding-lifecycle',
    );
    expect(runbookHeadingSlug('Known issues & fixes')).toBe(
      'known-issues--fixes',
    );
    expect(runbookHeadingSlug('Übersicht_2')).toBe('übersicht_2');
  });
});

describe('runbookHeadingIds', () => {
  it('numbers repeated headings and names empty ones', () => {
    expect(
      runbookHeadingIds(['Setup', 'Setup', 'Setup-1', 'Setup', '!!!']),
    ).toEqual(['setup', 'setup-1', 'setup-1-1', 'setup-2', 'section']);
  });
});
