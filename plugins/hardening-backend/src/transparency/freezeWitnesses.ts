import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { TransparencyLog } from './TransparencyLog';

/**
 * The freeze guard of `hardening.transparency.freezeRequiresWitnesses`: inside the
 * freeze's transaction (the chain locked), every required witness must have cosigned
 * the checkpoint of the current tree, else 409 naming who is missing.
 */
export function requireFreezeWitnesses(log: TransparencyLog) {
  return async (trx: Knex.Transaction, entityRef: string) => {
    const missing = await log.missingFreezeWitnesses(entityRef, trx);
    if (missing.length === 0) return;
    const size = await log.treeSize(entityRef, trx);
    throw new ConflictError(
      `The audit chain of ${entityRef} must be witnessed before a freeze: ${missing
        .map(({ witness, cosignedSize }) =>
          cosignedSize === undefined
            ? `${witness} has not cosigned any checkpoint`
            : `${witness} cosigned size ${cosignedSize}, not the current size ${size}`,
        )
        .join(
          '; ',
        )}. Have them run \`hardening chain witness\` on the current checkpoint. Nothing was frozen.`,
    );
  };
}
