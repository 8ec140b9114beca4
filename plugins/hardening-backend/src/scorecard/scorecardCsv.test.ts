import {
  EntityScorecard,
  ScorecardExtensionMetricDefinition,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import { scorecardsCsv } from './scorecardCsv';

/** A scorecard with no evidence; `extensions` as given. */
function scorecard(
  name: string,
  extensions?: ScorecardMetrics['extensions'],
): EntityScorecard {
  return {
    entityRef: `component:default/${name}`,
    system: null,
    tier: null,
    lifecycle: null,
    owner: 'group:default/team-a',
    metrics: {
      failingChecklistItems: [],
      failingRequiredGates: [],
      ...(extensions ? { extensions } : {}),
    } as unknown as ScorecardMetrics,
    level: null,
    rank: 0,
    nextLevel: null,
    missingForNextLevel: [],
  };
}

const metric = (
  name: string,
  type: ScorecardExtensionMetricDefinition['type'],
): ScorecardExtensionMetricDefinition => ({
  name,
  type,
  title: name,
  description: `About ${name}.`,
  levelOps: [],
});

const lines = (csv: string) => csv.split('\r\n').map(line => line.split(','));

describe('scorecardsCsv', () => {
  it('has the built-in columns only when no module adds a metric', () => {
    const [header, row] = lines(scorecardsCsv([scorecard('a')]));
    expect(header).toHaveLength(31);
    expect(header.at(-1)).toBe('missing_for_next_level');
    expect(row).toHaveLength(31);
    expect(row[0]).toBe('component:default/a');
  });

  it('adds a column per added metric, headed by its name, empty without a value', () => {
    const csv = scorecardsCsv(
      [
        scorecard('a', { 'acme.coverage': 0.92, 'acme.signed': true }),
        scorecard('b', { 'acme.coverage': null, 'acme.signed': false }),
        scorecard('c'),
      ],
      [metric('acme.coverage', 'ratio'), metric('acme.signed', 'boolean')],
    );
    const [header, ...rows] = lines(csv);
    expect(rows.at(-1)).toEqual(['']);
    expect(header.slice(30)).toEqual([
      'missing_for_next_level',
      'acme.coverage',
      'acme.signed',
    ]);
    expect(rows.slice(0, 3).map(row => row.slice(31))).toEqual([
      ['0.92', 'true'],
      ['', 'false'],
      ['', ''],
    ]);
  });
});
