import { z } from 'zod';

/**
 * Release steps a release script records in its audit chain.
 *
 * @public
 */
export const auditChainActionSchema = z.enum([
  'verify',
  'migrate',
  'build',
  'canary',
  'promote',
  'rollback',
  'full-release',
  'freeze',
]);

/** @public */
export type AuditChainAction = z.infer<typeof auditChainActionSchema>;

/**
 * A SHA-256 digest as 64 lower-case hexadecimal digits. Upper case is refused so that
 * comparing two hashes is comparing two strings.
 *
 * @public
 */
export const sha256HexSchema = z
  .string()
  .regex(
    /^[0-9a-f]{64}$/,
    'must be a SHA-256 digest: 64 lower-case hexadecimal digits',
  );

/**
 * One line of a release audit chain (JSONL, one entry per line).
 *
 * The known fields are validated; any other top-level field is kept and, like every
 * field but `hash`, is part of the hashed content (see `computeEntryHash`).
 *
 * @public
 */
export const auditChainEntrySchema = z.looseObject({
  action: auditChainActionSchema,
  /** When the step ran: ISO 8601 date and time, `Z` or a UTC offset. */
  timestamp: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(255).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** `hash` of the entry before this one; 64 zeros for the first entry. */
  prevHash: sha256HexSchema,
  /** Hash of this entry, see `computeEntryHash`. */
  hash: sha256HexSchema,
});

/** @public */
export type AuditChainEntry = z.infer<typeof auditChainEntrySchema>;

/**
 * A position in a chain: the `seq` (0-based position) of an entry and its hash.
 *
 * @public
 */
export type AuditChainLink = { seq: number; hash: string };
