import { z } from 'zod';

/** Lower-case hex of a SHA-256 hash. */
const hashHex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash as 64 lower-case hex digits');

/** Proofs hold at most this many hashes: 2·log2 of the largest tree the backend keeps. */
export const MAX_PROOF_HASHES = 128;

/** `GET …/audit-chain/proof/inclusion` */
export const inclusionProofSchema = z.object({
  leafIndex: z.number().int().min(0),
  treeSize: z.number().int().min(1),
  leafHash: hashHex,
  hashes: z.array(hashHex).max(MAX_PROOF_HASHES),
});
export type InclusionProof = z.infer<typeof inclusionProofSchema>;

/** `GET …/audit-chain/proof/consistency` */
export const consistencyProofSchema = z.object({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
  hashes: z.array(hashHex).max(MAX_PROOF_HASHES),
});
export type ConsistencyProof = z.infer<typeof consistencyProofSchema>;

/** A witness's stored cosignature of a checkpoint. */
export const checkpointCosignatureSchema = z.object({
  /** The witness key's name. */
  witness: z.string(),
  keyId: z.string().regex(/^[0-9a-f]{8}$/),
  /** The size of the tree whose checkpoint it cosigned (its latest cosignature). */
  treeSize: z.number().int().min(0),
  /** When the witness says it cosigned (ISO 8601, from the cosignature's timestamp). */
  cosignedAt: z.string(),
  /** Whether config names this witness among those a freeze requires. */
  requiredForFreeze: z.boolean(),
});
export type CheckpointCosignature = z.infer<typeof checkpointCosignatureSchema>;

/**
 * A witness's latest cosignature as the transparency status lists it: with what a
 * browser needs to verify it without trusting the backend's word: the root of the tree
 * it cosigned (the cosigned checkpoint text is origin, `treeSize` and this root) and the
 * signature line itself.
 */
export const listedCosignatureSchema = checkpointCosignatureSchema.extend({
  /** Root hash of the cosigned tree size, as lower-case hex. */
  rootHash: hashHex,
  /** The cosignature line `— <witness> <base64(key id || timestamp || signature)>`. */
  line: z.string().max(1024),
});
export type ListedCosignature = z.infer<typeof listedCosignatureSchema>;

/** `GET …/audit-chain/transparency`: the latest checkpoint and who vouched for it. */
export const transparencyStatusSchema = z.object({
  /** The signed checkpoint note of the latest tree (log signature and cosignatures). */
  checkpoint: z.string(),
  origin: z.string(),
  treeSize: z.number().int().min(0),
  /** Root hash as lower-case hex (the note has it in base64). */
  rootHash: hashHex,
  /** When the backend signed it (ISO 8601). */
  signedAt: z.string(),
  signer: z.object({ name: z.string(), keyId: z.string() }),
  /** The backend's verifier key (C2SP vkey); pin it rather than trust this field. */
  publicKey: z.string(),
  /** The latest cosignature of each configured witness that has cosigned. */
  cosignatures: z.array(listedCosignatureSchema),
  /**
   * The verifier keys (C2SP vkey, type 0x04) of the witnesses config names; as with
   * `publicKey`, pin them rather than trust this field.
   */
  witnessKeys: z.array(z.string()),
  /** Witness key names a freeze of this entity requires to have cosigned the latest tree. */
  requiredWitnesses: z.array(z.string()),
});
export type TransparencyStatus = z.infer<typeof transparencyStatusSchema>;

/** `POST …/audit-chain/checkpoint/cosignatures`: what was stored. */
export const cosignatureUploadResultSchema = z.object({
  treeSize: z.number().int().min(0),
  stored: z.array(checkpointCosignatureSchema),
});
export type CosignatureUploadResult = z.infer<
  typeof cosignatureUploadResultSchema
>;
