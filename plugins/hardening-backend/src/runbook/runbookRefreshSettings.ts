import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { isError } from '@backstage/errors';
import { z } from 'zod';
import { invalidConfig, parseConfigValue } from '../configSection';

const KEY = 'hardening.runbooks.refresh';

/** When the runbook refresh task runs and how long one run may take. */
export type RunbookRefreshSchedule = Required<
  Pick<
    SchedulerServiceTaskScheduleDefinition,
    'frequency' | 'timeout' | 'initialDelay'
  >
>;

/** Config data as a {@link ConfigReader} takes it. */
type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const DEFAULTS = {
  frequency: { hours: 6 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 2 },
};

/** The schedule when `hardening.runbooks.refresh` is absent. */
export const DEFAULT_RUNBOOK_REFRESH_SCHEDULE: RunbookRefreshSchedule =
  DEFAULTS;

/** A duration or schedule as config writes it; the scheduler's reader checks the rest. */
const valueSchema = z.union([
  z.string().trim().min(1),
  z.record(z.string(), z.unknown()),
]);

const refreshSchema = z.strictObject({
  frequency: valueSchema.optional(),
  timeout: valueSchema.optional(),
  initialDelay: valueSchema.optional(),
});

/**
 * Reads `hardening.runbooks.refresh`: `frequency` (a duration such as `{ hours: 6 }`,
 * a cron expression as a string or as `{ cron }`), `timeout` and `initialDelay`
 * (durations), each with its default. Invalid values throw, naming the key.
 */
export function readRunbookRefreshSchedule(
  config: Config,
): RunbookRefreshSchedule {
  const raw = config.getOptional<ConfigData>(KEY) ?? {};
  parseConfigValue(KEY, refreshSchema, raw);
  const data: ConfigData = { ...DEFAULTS, ...raw };
  // A string with spaces is a cron expression, otherwise a duration ('PT6H').
  if (typeof data.frequency === 'string' && /\s/.test(data.frequency)) {
    data.frequency = { cron: data.frequency.trim() };
  }
  try {
    const schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader(data, KEY),
    );
    return {
      frequency: schedule.frequency,
      timeout: schedule.timeout,
      initialDelay: schedule.initialDelay ?? DEFAULTS.initialDelay,
    };
  } catch (error) {
    throw invalidConfig(KEY, isError(error) ? error.message : String(error));
  }
}
