import { ConflictError } from '@backstage/errors';
import { missingWitnessReasons } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { TransparencyLog } from './TransparencyLog';

/**
 * The freeze guard of `hardening.transparency.freezeRequiresWitnesses`: inside the
 * freeze's transaction (the chain locked), every required witness must have cosigned
 * the checkpoint of the current tree, else 409 naming who is missing. The checklist's
 * `witnesses` item shows the same before anyone asks for a freeze; this guard is what
 * holds against a cosignature or an append landing in between.
 */
export function requireFreezeWitnesses(log: TransparencyLog) {
  return async (trx: Knex.Transaction, entityRef: string) => {
    const status = await log.freezeWitnessStatus(entityRef, trx);
    const missing = status ? missingWitnessReasons(status) : [];
    if (missing.length === 0) return;
    throw new ConflictError(
      `The audit chain of ${entityRef} must be witnessed before a freeze: ${missing.join(
        '; ',
      )}. Have them run \`hardening chain witness\` on the current checkpoint. Nothing was frozen.`,
    );
  };
}
