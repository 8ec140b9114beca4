import { fromBase64, toBase64 } from './bytes';
import { NoteError } from './signedNote';

/**
 * The note text of a C2SP `tlog-checkpoint`: origin, tree size, base64 root hash, then
 * optional extension lines.
 *
 * ```
 * backstage.example.com/hardening/component:default/payments-api
 * 42
 * 7ZtN1ZP1XG9AKwOcQ6A1AYKc8A5qSBtXq/aTDa8x5Ek=
 * ```
 */
export type Checkpoint = {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
};

const SIZE = /^(0|[1-9][0-9]*)$/;

/**
 * The checkpoint note text (ending in a newline); {@link NoteError} for a checkpoint
 * {@link parseCheckpoint} would not read back.
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const isLine = (line: string) => line.length > 0 && !line.includes('\n');
  if (!isLine(checkpoint.origin)) {
    throw new NoteError('A checkpoint origin is one non-empty line');
  }
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw new NoteError('A checkpoint tree size is a non-negative integer');
  }
  if (checkpoint.rootHash.length !== 32) {
    throw new NoteError('A checkpoint root hash is 32 bytes long');
  }
  if (!checkpoint.extensions.every(isLine)) {
    throw new NoteError('A checkpoint extension is one non-empty line');
  }
  return [
    checkpoint.origin,
    String(checkpoint.size),
    toBase64(checkpoint.rootHash),
    ...checkpoint.extensions,
  ]
    .map(line => `${line}\n`)
    .join('');
}

/** Reads a checkpoint note text; {@link NoteError} when it is not one. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) {
    throw new NoteError('A checkpoint text ends with a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) {
    throw new NoteError(
      'A checkpoint has at least three lines: origin, tree size and root hash',
    );
  }
  const [origin, size, root, ...extensions] = lines;
  if (origin.length === 0) {
    throw new NoteError("The checkpoint's origin line is empty");
  }
  if (!SIZE.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError(
      "The checkpoint's tree size is not a decimal without leading zeros",
    );
  }
  const rootHash = fromBase64(root);
  if (!rootHash || rootHash.length !== 32) {
    throw new NoteError(
      "The checkpoint's root hash is not the base64 of 32 bytes",
    );
  }
  if (extensions.some(line => line.length === 0)) {
    throw new NoteError("The checkpoint's extension lines must not be empty");
  }
  return { origin, size: Number(size), rootHash, extensions };
}

/**
 * The origin line of an entity's log: `<host of the backend's baseUrl>/hardening/<entity ref>`.
 */
export function checkpointOrigin(baseUrl: string, entityRef: string): string {
  return `${new URL(baseUrl).host}/hardening/${entityRef}`;
}

/** The key name a backend signs its checkpoints with by default: `<host>/hardening`. */
export function defaultLogKeyName(baseUrl: string): string {
  return `${new URL(baseUrl).host}/hardening`;
}
