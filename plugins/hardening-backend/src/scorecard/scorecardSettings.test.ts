import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCORECARD_LEVELS } from '@hardening/backstage-plugin-hardening-common';
import { readScorecardSettings } from './scorecardSettings';

describe('readScorecardSettings', () => {
  it('uses the defaults when nothing is configured', () => {
    expect(readScorecardSettings(new ConfigReader({}))).toEqual({
      levels: DEFAULT_SCORECARD_LEVELS,
      kinds: ['Component'],
      tierLabel: 'tier',
      stress: { p95LimitMs: 500, errorRateLimit: 0.01 },
      snapshotRetentionDays: 182,
      runbookStaleAfterDays: 180,
    });
  });

  it('reads configured levels, kinds, labels and windows', () => {
    const settings = readScorecardSettings(
      new ConfigReader({
        hardening: {
          scorecards: {
            levels: [
              {
                id: 'ready',
                title: 'Ready',
                rules: [{ metric: 'frozen', op: 'is-true' }],
              },
            ],
            kinds: ['Component', 'API'],
            tierLabel: 'example.com/tier',
            flakyWindowDays: 14,
            stress: { p95LimitMs: 250 },
            snapshots: { retentionDays: 30 },
          },
          runbooks: { staleAfterDays: 90 },
        },
      }),
    );
    expect(settings).toMatchObject({
      levels: [{ id: 'ready', rules: [{ metric: 'frozen', op: 'is-true' }] }],
      kinds: ['Component', 'API'],
      tierLabel: 'example.com/tier',
      stress: { p95LimitMs: 250, errorRateLimit: 0.01 },
      snapshotRetentionDays: 30,
      runbookStaleAfterDays: 90,
    });
  });

  it('refuses invalid settings with the key that is wrong', () => {
    const read = (scorecards: object) => () =>
      readScorecardSettings(new ConfigReader({ hardening: { scorecards } }));
    expect(
      read({
        levels: [
          {
            id: 'x',
            title: 'X',
            rules: [{ metric: 'flakyTests', op: 'is-true' }],
          },
        ],
      }),
    ).toThrow(
      'Invalid hardening.scorecards configuration: hardening.scorecards.levels.0.rules.0.value: is-true needs a yes/no metric',
    );
    // One window for every flaky figure: the old setting is refused unless it says 14.
    expect(read({ flakyWindowDays: 7 })).toThrow(
      'hardening.scorecards.flakyWindowDays: is no longer configurable: every flaky-test figure covers the last 14 days; remove the key',
    );
    expect(read({ levelz: [] })).toThrow('Unrecognized key');
  });
});
