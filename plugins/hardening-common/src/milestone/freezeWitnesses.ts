import { z } from 'zod';

/**
 * Where the witnesses a freeze requires (`hardening.transparency.freezeRequiresWitnesses`)
 * stand against an entity's transparency log: a freeze needs each to have cosigned the
 * checkpoint of the current tree.
 *
 * @public
 */
export const freezeWitnessStatusSchema = z.object({
  /** The size of the entity's log now: the tree every required witness must have cosigned. */
  treeSize: z.number().int().min(0),
  required: z.array(
    z.object({
      /** The witness key's name, as config names it. */
      witness: z.string(),
      /** The largest tree size its configured key cosigned; null when it never cosigned. */
      cosignedSize: z.number().int().min(0).nullable(),
    }),
  ),
});

/** @public */
export type FreezeWitnessStatus = z.infer<typeof freezeWitnessStatusSchema>;

/**
 * Why each required witness does not let a freeze through yet: one sentence per witness
 * that has not cosigned the current tree; empty when every one has.
 *
 * @public
 */
export function missingWitnessReasons(status: FreezeWitnessStatus): string[] {
  return status.required.flatMap(({ witness, cosignedSize }) => {
    if (cosignedSize === status.treeSize) return [];
    return cosignedSize === null
      ? [`${witness} has not cosigned any checkpoint`]
      : [
          `${witness} cosigned size ${cosignedSize}, not the current size ${status.treeSize}`,
        ];
  });
}
