import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { lowerRef } from '../catalog';
import { SEED_MODES, SeedMode } from './SeedRunner';

/** Reads `hardening.seed`; undefined when seeding is off. */
export function readSeedConfig(
  config: Config,
): { mode: SeedMode; entityRefs: string[]; days?: number } | undefined {
  const mode = config.getOptionalString('hardening.seed.mode') ?? 'none';
  if (mode === 'none') {
    return undefined;
  }
  if (!(mode in SEED_MODES)) {
    throw new InputError(
      `hardening.seed.mode must be one of none, ${Object.keys(SEED_MODES).join(
        ', ',
      )}; got "${mode}"`,
    );
  }
  return {
    mode: mode as SeedMode,
    entityRefs: (
      config.getOptionalStringArray('hardening.seed.entities') ?? []
    ).map(lowerRef),
    days: config.getOptionalNumber('hardening.seed.days'),
  };
}
