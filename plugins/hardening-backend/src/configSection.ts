import { Config } from '@backstage/config';
import { z } from 'zod';

/** A problem with one value of a config section: where it is below the key, and what. */
export type ConfigIssue = { path: readonly PropertyKey[]; message: string };

/**
 * The error that stops the backend at start-up: `Invalid <key> configuration: <detail>`.
 * Every invalid setting of the plugin is reported this way.
 */
export function invalidConfig(key: string, detail: string): Error {
  return new Error(`Invalid ${key} configuration: ${detail}`);
}

/**
 * {@link invalidConfig} with one entry per issue, each naming its full key path:
 * `Invalid <key> configuration: <key>.<path>: <message>; …`.
 */
export function invalidConfigIssues(
  key: string,
  issues: readonly ConfigIssue[],
): Error {
  return invalidConfig(
    key,
    issues
      .map(i => `${[key, ...i.path.map(String)].join('.')}: ${i.message}`)
      .join('; '),
  );
}

/** Validates `value`, the config at `key`; invalid values throw {@link invalidConfigIssues}. */
export function parseConfigValue<T extends z.ZodTypeAny>(
  key: string,
  schema: T,
  value: unknown,
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw invalidConfigIssues(key, parsed.error.issues);
  }
  return parsed.data;
}

/**
 * Reads and validates the config section `key` (absent: `{}`). Invalid values throw
 * `Invalid <key> configuration: <key>.<path>: <message>; …`, so that the backend
 * refuses to start with a message naming each key at fault.
 */
export function parseConfigSection<T extends z.ZodTypeAny>(
  config: Config,
  key: string,
  schema: T,
): z.output<T> {
  return parseConfigValue(key, schema, config.getOptional(key) ?? {});
}
