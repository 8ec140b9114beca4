import { DEFAULT_SCORECARD_LEVELS } from '@hardening/backstage-plugin-hardening-common';
import { groupAndDescendants, trendOf } from './rollup';
import { GroupNode } from './scorecardCatalog';

function tree(edges: Record<string, string[]>): Map<string, GroupNode> {
  return new Map(
    Object.entries(edges).map(([groupRef, children]) => [
      groupRef,
      { groupRef, children },
    ]),
  );
}

describe('groupAndDescendants', () => {
  it('follows child groups at every depth', () => {
    const groups = tree({
      org: ['a', 'b'],
      a: ['a1'],
      a1: ['a2'],
      b: [],
      a2: [],
    });
    expect([...groupAndDescendants('org', groups)].sort()).toEqual([
      'a',
      'a1',
      'a2',
      'b',
      'org',
    ]);
    expect([...groupAndDescendants('a1', groups)].sort()).toEqual(['a1', 'a2']);
  });

  it('stops at cycles instead of looping', () => {
    const groups = tree({ a: ['b'], b: ['c'], c: ['a'] });
    expect([...groupAndDescendants('b', groups)].sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});

describe('trendOf', () => {
  it('adds up the snapshot counts of the given owners per day', () => {
    const counts = [
      {
        day: '2026-11-02',
        ownerRef: 'a',
        levelId: 'gold',
        entities: 1,
        rankSum: 3,
      },
      {
        day: '2026-11-01',
        ownerRef: 'a',
        levelId: null,
        entities: 2,
        rankSum: 0,
      },
      {
        day: '2026-11-01',
        ownerRef: 'b',
        levelId: 'bronze',
        entities: 2,
        rankSum: 2,
      },
      {
        day: '2026-11-01',
        ownerRef: 'c',
        levelId: 'gold',
        entities: 5,
        rankSum: 15,
      },
    ];
    expect(
      trendOf(counts, new Set(['a', 'b']), DEFAULT_SCORECARD_LEVELS),
    ).toEqual([
      {
        day: '2026-11-01',
        entities: 4,
        levels: { none: 2, bronze: 2, silver: 0, gold: 0 },
        averageRank: 0.5,
      },
      {
        day: '2026-11-02',
        entities: 1,
        levels: { none: 0, bronze: 0, silver: 0, gold: 1 },
        averageRank: 3,
      },
    ]);
  });
});
