import {
  formatKeyId,
  NoteSignature,
  readUint64,
  VerifierKey,
  verifyCosignature,
} from '@hardening/backstage-plugin-hardening-common';
import { CliError, EXIT } from '../CliError';
import { describeKey } from './verifiedCheckpoint';

/** A signature line of a checkpoint besides the log's, as shown. */
export type ShownCosignature = {
  witness: string;
  keyId: string;
  /** When the line says it was cosigned (ISO 8601), for a line shaped like a cosignature. */
  cosignedAt?: string;
  /** Whether it verified with a `--witness-public-key`; false when no key was given for it. */
  verified: boolean;
};

const COSIGNATURE_BYTES = 8 + 64;

function isoOf(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The checkpoint's other signature lines (witness cosignatures), verified with the
 * witness keys given: a line of a given key that does not verify fails the check (exit
 * 1); lines of other keys are shown as not verified.
 */
export function checkCosignatures(
  text: string,
  lines: readonly NoteSignature[],
  witnessKeys: readonly VerifierKey[],
  where: string,
): ShownCosignature[] {
  return lines.map(line => {
    const key = witnessKeys.find(
      k => k.name === line.name && k.keyId === line.keyId,
    );
    const keyId = formatKeyId(line.keyId);
    if (!key) {
      const claimed =
        line.signature.length === COSIGNATURE_BYTES
          ? isoOf(readUint64(line.signature, 0))
          : undefined;
      return {
        witness: line.name,
        keyId,
        ...(claimed ? { cosignedAt: claimed } : {}),
        verified: false,
      };
    }
    const timestamp = verifyCosignature(text, line, key);
    if (timestamp === undefined) {
      throw new CliError(
        `${where}: the cosignature of ${describeKey(
          line,
        )} does not verify with its --witness-public-key`,
        EXIT.CHECK_FAILED,
      );
    }
    return {
      witness: line.name,
      keyId,
      cosignedAt: isoOf(timestamp),
      verified: true,
    };
  });
}
