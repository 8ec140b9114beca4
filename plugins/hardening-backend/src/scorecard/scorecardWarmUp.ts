import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ScorecardServices } from './scorecardServices';

/**
 * Reads every entity's scorecard evidence once, with the plugin's own credentials, so
 * that the first scorecard page after a start does not pay for reading all of it: the
 * evidence reader keeps what it read, keyed by each entity's evidence version, for every
 * caller. The trend counts of those entities over the default weeks are read too (kept
 * until the next snapshot for callers who see the same entities). Nothing is stored.
 * Answers how many entities were read.
 */
export async function warmScorecards(
  deps: Pick<ScorecardServices, 'service' | 'catalog'> & {
    auth: AuthService;
    clock: () => Date;
    logger?: LoggerService;
  },
): Promise<number> {
  const started = Date.now();
  const scope = await deps.catalog.entities(
    await deps.auth.getOwnServiceCredentials(),
  );
  await deps.service.warm(scope, deps.clock());
  deps.logger?.info(
    `Hardening scorecards: evidence of ${scope.length} entities read in ${
      Date.now() - started
    } ms after start`,
  );
  return scope.length;
}
