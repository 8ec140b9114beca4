import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { lowerRef } from './entityRefs';

/** A group ref as config writes it (`team-a`, `group:team-a`, `group:default/team-a`), lower-cased. */
export const groupRefSchema = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    try {
      return lowerRef(
        stringifyEntityRef(parseEntityRef(value, { defaultKind: 'group' })),
      );
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not an entity ref: ${(error as Error).message}`,
      });
      return z.NEVER;
    }
  });
