import {
  Checkpoint,
  ConsistencyProof,
  equalBytes,
  fromHex,
  merkleHasher,
  verifyConsistency,
} from '@hardening/backstage-plugin-hardening-common';
import { CliError, EXIT } from '../CliError';

const hasher = merkleHasher();

function inconsistent(message: string): CliError {
  return new CliError(message, EXIT.INCONSISTENT);
}

/**
 * Checks that `current` extends `previous`, a checkpoint of the same log seen before:
 * the log only grew (RFC 9162 consistency proof, asked for with `proof` only when it
 * grew from a non-empty tree). A log that shrank, changed its root at the same size, or
 * whose proof does not verify was rewritten: a {@link CliError} exiting
 * {@link EXIT.INCONSISTENT}. Returns how it grew, in words.
 */
export async function checkConsistency(
  previous: Checkpoint,
  current: Checkpoint,
  proof: (from: number, to: number) => Promise<ConsistencyProof>,
  names: { previous: string },
): Promise<string> {
  if (previous.origin !== current.origin) {
    throw new CliError(
      `${names.previous} is a checkpoint of the log "${previous.origin}", not of "${current.origin}": it cannot vouch for this log`,
    );
  }
  const from = previous.size;
  const to = current.size;
  if (to < from) {
    throw inconsistent(
      `the log shrank: ${names.previous} has ${from} entries, the current checkpoint ${to}; a log only grows, so it was rewritten`,
    );
  }
  if (from === 0) {
    if (!equalBytes(previous.rootHash, hasher.emptyRoot())) {
      throw inconsistent(
        `${names.previous} has size 0 but not the empty tree's root`,
      );
    }
    return `consistent with ${names.previous} (size 0): the log has ${to} entries since`;
  }
  if (to === from) {
    if (!equalBytes(previous.rootHash, current.rootHash)) {
      throw inconsistent(
        `the log was rewritten: ${names.previous} and the current checkpoint both have ${to} entries but different roots`,
      );
    }
    return `consistent with ${names.previous} (size ${from}): unchanged`;
  }
  const answer = await proof(from, to);
  if (answer.from !== from || answer.to !== to) {
    throw inconsistent(
      `the consistency proof is from size ${answer.from} to ${answer.to}, not from ${from} to ${to} as asked`,
    );
  }
  const hashes = answer.hashes.map(h => fromHex(h)!);
  if (
    !verifyConsistency(
      hasher,
      from,
      to,
      hashes,
      previous.rootHash,
      current.rootHash,
    )
  ) {
    throw inconsistent(
      `the log was rewritten: the current checkpoint (size ${to}) does not extend ${names.previous} (size ${from}); the consistency proof does not verify`,
    );
  }
  return `consistent with ${names.previous} (size ${from}): the log grew by ${
    to - from
  } entr${to - from === 1 ? 'y' : 'ies'}`;
}
