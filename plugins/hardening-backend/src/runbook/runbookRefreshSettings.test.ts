import { ConfigReader } from '@backstage/config';
import { readTriageSettings } from '../triage/triageSettings';
import {
  DEFAULT_RUNBOOK_REFRESH_SCHEDULE,
  readRunbookRefreshSchedule,
} from './runbookRefreshSettings';

const read = (refresh: object) =>
  readRunbookRefreshSchedule(
    new ConfigReader({ hardening: { runbooks: { refresh } } }),
  );

describe('readRunbookRefreshSchedule', () => {
  it('runs every 6 hours, for at most 15 minutes, 2 minutes after start-up by default', () => {
    expect(readRunbookRefreshSchedule(new ConfigReader({}))).toEqual({
      frequency: { hours: 6 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 2 },
    });
    expect(read({})).toEqual(DEFAULT_RUNBOOK_REFRESH_SCHEDULE);
  });

  it('takes durations, and cron expressions as strings or objects', () => {
    expect(
      read({
        frequency: { hours: 1, minutes: 30 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 30 },
      }),
    ).toEqual({
      frequency: { hours: 1, minutes: 30 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 30 },
    });
    expect(read({ frequency: ' 0 */4 * * * ' }).frequency).toEqual({
      cron: '0 */4 * * *',
    });
    expect(read({ frequency: { cron: '15 3 * * *' } }).frequency).toEqual({
      cron: '15 3 * * *',
    });
    // A string without spaces is a duration: ISO 8601 or a number and a unit.
    expect(read({ frequency: 'PT12H', timeout: '20m' })).toMatchObject({
      frequency: { hours: 12 },
      timeout: { minutes: 20 },
    });
  });

  it.each([
    [{ every: { hours: 1 } }, 'hardening.runbooks.refresh'],
    [{ frequency: 6 }, 'hardening.runbooks.refresh.frequency'],
    [
      { timeout: { hourz: 1 } },
      "hardening.runbooks.refresh configuration: Failed to read duration from config at 'timeout'",
    ],
    [
      { initialDelay: 'soon' },
      "hardening.runbooks.refresh configuration: Invalid duration 'soon' in config at 'initialDelay'",
    ],
  ])('refuses %j at start-up', (refresh, message) => {
    expect(() => read(refresh)).toThrow(message);
  });

  it('leaves the other runbook settings valid', () => {
    const settings = readTriageSettings(
      new ConfigReader({
        hardening: {
          runbooks: { staleAfterDays: 90, refresh: { frequency: '0 * * * *' } },
        },
      }),
    );
    expect(settings.runbooks).toEqual({
      maxUploadBytes: 1024 * 1024,
      staleAfterDays: 90,
    });
  });
});
