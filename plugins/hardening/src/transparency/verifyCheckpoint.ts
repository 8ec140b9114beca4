import {
  NoteError,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  toHex,
  TransparencyStatus,
} from '@hardening/backstage-plugin-hardening-common';

/** Where the key a checkpoint is verified with comes from. */
export type LogKeySource =
  /** Frontend config `hardening.transparency.publicKey`: pinned by the portal's operators. */
  | 'pinned'
  /** `GET /transparency/public-key`: whatever the backend answers, so weaker. */
  | 'backend';

/** A checkpoint whose log signature verified in the browser. */
export type VerifiedCheckpoint = {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** The root hash as lower-case hex. */
  rootHex: string;
  /** The key whose signature verified. */
  signer: { name: string; keyId: string };
  keySource: LogKeySource;
};

/** What checking a checkpoint came to: verified, or why not in words. */
export type CheckpointCheck =
  | { ok: true; checkpoint: VerifiedCheckpoint }
  | { ok: false; reason: string };

function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

function describe(error: unknown): string {
  return error instanceof NoteError || error instanceof Error
    ? error.message
    : String(error);
}

/**
 * Checks the latest checkpoint of an entity's log as the browser can: the signed note
 * must carry a valid signature of `publicKey`, be a checkpoint whose origin is this
 * entity's log (`…/hardening/<entity ref>`), and say the same size and root as the
 * status around it. Nothing else in the status is trusted.
 */
export function verifyCheckpoint(input: {
  status: TransparencyStatus;
  publicKey: string;
  keySource: LogKeySource;
  entityRef: string;
}): CheckpointCheck {
  const { status, publicKey, keySource, entityRef } = input;
  let verifier;
  try {
    verifier = noteVerifier(publicKey);
  } catch (error) {
    return {
      ok: false,
      reason: `the ${
        keySource === 'pinned' ? 'pinned key' : 'key served by the backend'
      } is not a log verifier key: ${describe(error)}`,
    };
  }
  let opened;
  let checkpoint;
  try {
    opened = openSignedNote(status.checkpoint, [verifier]);
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    return { ok: false, reason: describe(error) };
  }
  // Entity refs compare without regard to case, as the catalog does.
  const suffix = `/hardening/${entityRef}`;
  const lower = (text: string) => text.toLocaleLowerCase('en-US');
  if (!lower(checkpoint.origin).endsWith(lower(suffix))) {
    return {
      ok: false,
      reason: `the checkpoint is of another log (${checkpoint.origin}), not of …${suffix}`,
    };
  }
  const rootHex = toHex(checkpoint.rootHash);
  if (checkpoint.size !== status.treeSize || rootHex !== status.rootHash) {
    return {
      ok: false,
      reason: `the backend describes a tree of ${status.treeSize} entries with another root than the one it signed (${checkpoint.size} entries)`,
    };
  }
  const signed = opened.verified[0];
  return {
    ok: true,
    checkpoint: {
      origin: checkpoint.origin,
      size: checkpoint.size,
      rootHash: checkpoint.rootHash,
      rootHex,
      signer: { name: signed.name, keyId: keyIdHex(signed.keyId) },
      keySource,
    },
  };
}
