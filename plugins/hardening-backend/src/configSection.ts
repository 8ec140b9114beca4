import { Config } from '@backstage/config';
import { z } from 'zod';

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
  const parsed = schema.safeParse(config.getOptional(key) ?? {});
  if (!parsed.success) {
    throw new Error(
      `Invalid ${key} configuration: ${parsed.error.issues
        .map(i => `${[key, ...i.path].join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
