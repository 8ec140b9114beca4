import {
  formatKeyId,
  Checkpoint,
  NoteSignature,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  parseSignedNote,
  toHex,
  VerifierKey,
} from '@hardening/backstage-plugin-hardening-common';
import { CliError, EXIT } from '../CliError';

/** A checkpoint note whose log signature verified with a pinned key. */
export type VerifiedCheckpoint = {
  /** The whole signed note, as read. */
  note: string;
  /** The note text the signatures cover. */
  text: string;
  checkpoint: Checkpoint;
  /** The log's signature lines that verified (one per pinned key that signed). */
  logSignatures: NoteSignature[];
  /** Every other signature line: witness cosignatures, keys not pinned. */
  otherSignatures: NoteSignature[];
};

/** `name (key id 0a1b2c3d)` */
export function describeKey(key: { name: string; keyId: number }): string {
  return `${key.name} (key id ${formatKeyId(key.keyId)})`;
}

/**
 * Opens a checkpoint note with the pinned log keys: the note must be well formed, a
 * pinned key must have signed it, every line of a pinned key must verify, and the text
 * must be a checkpoint. Throws a {@link CliError} exiting 1 naming `where` otherwise.
 */
export function openCheckpoint(
  note: string,
  logKeys: readonly VerifierKey[],
  where: string,
): VerifiedCheckpoint {
  const failed = (message: string) =>
    new CliError(`${where}: ${message}`, EXIT.CHECK_FAILED);
  let parsed;
  try {
    parsed = parseSignedNote(note);
  } catch (error) {
    throw failed(`not a signed checkpoint note: ${(error as Error).message}`);
  }
  const pinned = (line: NoteSignature) =>
    logKeys.some(k => k.name === line.name && k.keyId === line.keyId);
  if (!parsed.signatures.some(pinned)) {
    throw failed(
      `signed by ${parsed.signatures
        .map(describeKey)
        .join(', ')}, none of them a pinned log key (${logKeys
        .map(describeKey)
        .join(', ')}): a wrong --public-key, or another log`,
    );
  }
  let opened;
  try {
    opened = openSignedNote(
      note,
      logKeys.map(k => noteVerifier(k)),
    );
  } catch (error) {
    throw failed((error as Error).message);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    throw failed(`signed, but not a checkpoint: ${(error as Error).message}`);
  }
  return {
    note,
    text: opened.text,
    checkpoint,
    logSignatures: opened.verified,
    otherSignatures: opened.unknown,
  };
}

/**
 * Checks that a checkpoint is the log of the entity asked for (its origin ends in
 * `/hardening/<entity ref>`) and, when given, has exactly the origin `origin`: a log
 * key signs every entity's log, so a checkpoint of another entity would verify too.
 */
export function checkOrigin(
  checkpoint: Checkpoint,
  expected: { entityRef?: string; origin?: string },
  where: string,
): void {
  const { origin } = checkpoint;
  if (expected.origin !== undefined && origin !== expected.origin) {
    throw new CliError(
      `${where}: the checkpoint is of the log "${origin}", not "${expected.origin}" (--origin)`,
      EXIT.CHECK_FAILED,
    );
  }
  if (
    expected.entityRef !== undefined &&
    !origin.endsWith(`/hardening/${expected.entityRef}`)
  ) {
    throw new CliError(
      `${where}: the checkpoint is of the log "${origin}", not of ${expected.entityRef}'s`,
      EXIT.CHECK_FAILED,
    );
  }
}

/** `size 5, root 3f…` */
export function describeTree(checkpoint: Checkpoint): string {
  return `size ${checkpoint.size}, root ${toHex(checkpoint.rootHash)}`;
}
