import {
  auditChainEntrySchema,
  computeEntryHash,
  consistencyProofSchema,
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  formatIssuePath,
  inclusionProofSchema,
  toHex,
} from '@hardening/backstage-plugin-hardening-common';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { storedChainPages } from '../chain/storedChainPages';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { sha256Hex } from '../sha256Hex';
import {
  readJsonFile,
  readOptionalFile,
  readRequiredFile,
  writeFileAtomically,
} from '../transparency/checkpointFile';
import { checkConsistency } from '../transparency/consistency';
import {
  checkCosignatures,
  ShownCosignature,
} from '../transparency/cosignatureLines';
import { findStoredEntries } from '../transparency/findStoredEntries';
import { checkInclusion } from '../transparency/inclusion';
import { readVerifierKeys } from '../transparency/noteKeys';
import { TransparencyClient } from '../transparency/transparencyClient';
import {
  checkOrigin,
  describeKey,
  describeTree,
  openCheckpoint,
  VerifiedCheckpoint,
} from '../transparency/verifiedCheckpoint';
import { entityPath } from '../upload/backendTarget';
import { BackendFlags, resolveBackendConnection } from './connectionOptions';
import { collect } from './optionParsers';

/** The transparency options of `hardening chain verify`, as commander gives them. */
export type TransparencyVerifyFlags = BackendFlags & {
  publicKey: string[];
  checkpoint?: string;
  origin?: string;
  previous?: string;
  requirePrevious?: boolean;
  save?: string;
  consistencyProof?: string;
  seq: number[];
  entryHash: string[];
  entry?: string;
  inclusionProof?: string;
  witnessPublicKey: string[];
  json?: boolean;
};

function collectSeq(value: string, previous: number[] = []): number[] {
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw new InvalidArgumentError(
      `expected an entry's seq (0, 1, …), got "${value}"`,
    );
  }
  return [...previous, Number(value)];
}

function collectHash(value: string, previous: string[] = []): string[] {
  const hash = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hash)) {
    throw new InvalidArgumentError(
      `expected an entry's hash (64 hex digits), got "${value}"`,
    );
  }
  return [...previous, hash];
}

/** Adds the transparency log options to `chain verify`. */
export function addTransparencyVerifyOptions(command: Command): Command {
  return command
    .option(
      '--public-key <vkey|@file>',
      "the log's pinned verifier key, or @file with keys one per line (repeatable: old and new key while the log rotates); checks the entity's signed checkpoint instead of a chain file",
      collect,
      [],
    )
    .option(
      '--checkpoint <file>',
      'read the signed checkpoint from a file instead of asking the backend (offline)',
    )
    .option(
      '--origin <origin>',
      "the checkpoint's exact origin line, e.g. backstage.example.com/hardening/component:default/payments-api",
    )
    .option(
      '--previous <file>',
      'a checkpoint saved by an earlier run: the log must extend it (missing file: trust on first use)',
    )
    .option(
      '--require-previous',
      'fail when the --previous file is missing instead of trusting on first use',
    )
    .option(
      '--save <file>',
      'write the checkpoint to this file once every check passed (the next run passes it as --previous)',
    )
    .option(
      '--consistency-proof <json file>',
      'the consistency proof from --previous to the checkpoint, instead of asking the backend (offline)',
    )
    .option(
      '--seq <n>',
      "check that the stored entry with this seq is in the log, hashed here from the entry's content (repeatable)",
      collectSeq,
      [],
    )
    .option(
      '--entry-hash <hash>',
      'check that the stored entry with this hash is in the log (repeatable)',
      collectHash,
      [],
    )
    .option(
      '--entry <json file>',
      'an audit chain entry (one line of a chain file) to check is in the log, with --inclusion-proof (offline)',
    )
    .option(
      '--inclusion-proof <json file>',
      "the entry's inclusion proof, as GET …/audit-chain/proof/inclusion answers (offline)",
    )
    .option(
      '--witness-public-key <vkey|@file>',
      "a witness's verifier key: its cosignature of the checkpoint, if any, must verify (repeatable)",
      collect,
      [],
    );
}

/** Whether any transparency option was given (else `chain verify` checks a chain file). */
export function wantsTransparencyCheck(flags: TransparencyVerifyFlags) {
  return (
    flags.publicKey.length > 0 ||
    flags.checkpoint !== undefined ||
    flags.previous !== undefined ||
    flags.save !== undefined ||
    flags.consistencyProof !== undefined ||
    flags.seq.length > 0 ||
    flags.entryHash.length > 0 ||
    flags.entry !== undefined ||
    flags.inclusionProof !== undefined ||
    flags.witnessPublicKey.length > 0 ||
    flags.requirePrevious === true ||
    flags.origin !== undefined
  );
}

function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  option: string,
  path: string,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `${option} ${path} is not ${what}: ${formatIssuePath(issue.path)}: ${
        issue.message
      }`,
    );
  }
  return parsed.data;
}

type Included = { seq: number; action: string; hash: string };

/**
 * `hardening chain verify --public-key …`: checks the entity's signed checkpoint with
 * the pinned keys, that it extends the checkpoint an earlier run saved, that entries are
 * in it, and saves it for the next run. Every proof is verified here; the backend (or
 * the files given) only supply them.
 */
export async function verifyTransparency(
  flags: TransparencyVerifyFlags,
  io: CliIo,
): Promise<number> {
  if (flags.publicKey.length === 0) {
    throw new CliError(
      "--public-key is required to check a checkpoint: pin the log's verifier key (GET /api/hardening/transparency/public-key serves it; keep your own copy)",
    );
  }
  if ((flags.entry === undefined) !== (flags.inclusionProof === undefined)) {
    throw new CliError(
      '--entry and --inclusion-proof go together: the entry and its proof',
    );
  }
  if (flags.consistencyProof !== undefined && flags.previous === undefined) {
    throw new CliError(
      '--consistency-proof needs --previous, the checkpoint it starts from',
    );
  }
  if (flags.requirePrevious && flags.previous === undefined) {
    throw new CliError('--require-previous needs --previous <file>');
  }
  const logKeys = await readVerifierKeys(
    flags.publicKey,
    '--public-key',
    ED25519_NOTE_TYPE,
    io,
  );
  const witnessKeys = await readVerifierKeys(
    flags.witnessPublicKey,
    '--witness-public-key',
    ED25519_COSIGNATURE_TYPE,
    io,
  );
  const entity = flags.entity ?? io.env.HARDENING_ENTITY;
  const entityRef = entity ? entityPath(entity).ref : undefined;
  let client: TransparencyClient | undefined;
  const backend = () => {
    client ??= new TransparencyClient(resolveBackendConnection(flags, io), io);
    return client;
  };
  const say = (line: string) => {
    if (!flags.json) io.stdout.write(`${line}\n`);
  };

  // The current checkpoint, signed by a pinned key, of this entity's log.
  const where = flags.checkpoint ?? 'the checkpoint the backend serves';
  const note =
    flags.checkpoint !== undefined
      ? await readRequiredFile(flags.checkpoint, '--checkpoint', io)
      : await backend().checkpoint();
  const current = openCheckpoint(note, logKeys, where);
  checkOrigin(current.checkpoint, { entityRef, origin: flags.origin }, where);
  say(
    `checkpoint of ${current.checkpoint.origin}: ${describeTree(
      current.checkpoint,
    )}, signed by ${current.logSignatures.map(describeKey).join(', ')}`,
  );

  // Witness cosignatures the note carries.
  const cosignatures = checkCosignatures(
    current.text,
    current.otherSignatures,
    witnessKeys,
    where,
  );
  for (const c of cosignatures) {
    say(
      `cosigned by ${c.witness} (key id ${c.keyId})${
        c.cosignedAt ? ` at ${c.cosignedAt}` : ''
      }${
        c.verified
          ? ', verified'
          : ', not verified (no --witness-public-key for it)'
      }`,
    );
  }
  for (const key of witnessKeys) {
    if (!cosignatures.some(c => c.verified && c.witness === key.name)) {
      say(
        `not cosigned by ${describeKey(key)} at size ${
          current.checkpoint.size
        } (yet)`,
      );
    }
  }

  // The checkpoint of the earlier run: the log must extend it.
  let previous: VerifiedCheckpoint | undefined;
  let consistency: string | undefined;
  if (flags.previous !== undefined) {
    const saved = await readOptionalFile(flags.previous, '--previous', io);
    if (saved === undefined) {
      if (flags.requirePrevious) {
        throw new CliError(
          `--previous ${flags.previous}: no such file, and --require-previous is given: restore the checkpoint the last run saved (a CI artifact or cache)`,
        );
      }
      io.stderr.write(
        `hardening: warning: no previous checkpoint at ${flags.previous}: trusting this checkpoint on first use; from the next run on, the log must extend it\n`,
      );
      consistency = 'trust on first use';
    } else {
      previous = openCheckpoint(saved, logKeys, flags.previous);
      consistency = await checkConsistency(
        previous.checkpoint,
        current.checkpoint,
        async (from, to) => {
          if (flags.consistencyProof === undefined) {
            return backend().consistencyProof(from, to);
          }
          return parseWith(
            consistencyProofSchema,
            await readJsonFile(
              flags.consistencyProof,
              '--consistency-proof',
              io,
            ),
            '--consistency-proof',
            flags.consistencyProof,
            'a consistency proof',
          );
        },
        { previous: flags.previous },
      );
      say(consistency);
    }
  }

  // Entries in the log, hashed here from their content.
  const included: Included[] = [];
  if (flags.entry !== undefined && flags.inclusionProof !== undefined) {
    const entry = parseWith(
      auditChainEntrySchema,
      await readJsonFile(flags.entry, '--entry', io),
      '--entry',
      flags.entry,
      'an audit chain entry',
    );
    const proof = parseWith(
      inclusionProofSchema,
      await readJsonFile(flags.inclusionProof, '--inclusion-proof', io),
      '--inclusion-proof',
      flags.inclusionProof,
      'an inclusion proof',
    );
    checkInclusion(
      entry,
      proof.leafIndex,
      proof,
      current.checkpoint,
      flags.entry,
    );
    included.push({
      seq: proof.leafIndex,
      action: entry.action,
      hash: computeEntryHash(entry, sha256Hex),
    });
  }
  if (flags.seq.length > 0 || flags.entryHash.length > 0) {
    const size = current.checkpoint.size;
    const beyond = flags.seq.find(seq => seq >= size);
    if (beyond !== undefined) {
      throw new CliError(
        size === 0
          ? `--seq ${beyond}: the checkpoint's tree has no entries yet`
          : `--seq ${beyond}: the checkpoint's tree has ${size} entries (seq 0 to ${
              size - 1
            })`,
        EXIT.CHECK_FAILED,
      );
    }
    const connection = await backend().withToken();
    const found = await findStoredEntries(
      start => storedChainPages(connection, io, start),
      { seqs: flags.seq, hashes: flags.entryHash },
    );
    const wanted = [
      ...flags.seq.map(seq => ({
        what: `--seq ${seq}`,
        at: found.bySeq.get(seq),
        hash: undefined as string | undefined,
      })),
      ...flags.entryHash.map(hash => ({
        what: `--entry-hash ${hash}`,
        at: found.byHash.get(hash),
        hash,
      })),
    ];
    for (const { what, at, hash } of wanted) {
      if (!at) {
        throw new CliError(
          `${what}: the stored chain has no such entry`,
          EXIT.CHECK_FAILED,
        );
      }
      const computed = computeEntryHash(at.entry, sha256Hex);
      if (hash !== undefined && computed !== hash) {
        throw new CliError(
          `${what}: the entry the backend lists under this hash has content that hashes to ${computed}`,
          EXIT.CHECK_FAILED,
        );
      }
      if (at.seq >= size) {
        throw new CliError(
          `${what}: the entry is seq ${at.seq}, after the checkpoint's ${size} entries; run again once the log has a newer checkpoint`,
          EXIT.CHECK_FAILED,
        );
      }
      const proof = await backend().inclusionProof(at.seq, size);
      checkInclusion(at.entry, at.seq, proof, current.checkpoint, what);
      included.push({ seq: at.seq, action: at.entry.action, hash: computed });
    }
  }
  for (const entry of included) {
    say(`seq ${entry.seq} (${entry.action}, hash ${entry.hash}) is in the log`);
  }

  if (flags.save !== undefined) {
    await writeFileAtomically(flags.save, current.note, '--save', io);
    say(`saved the checkpoint to ${flags.save}`);
  }
  if (flags.json) {
    io.stdout.write(
      `${JSON.stringify({
        origin: current.checkpoint.origin,
        treeSize: current.checkpoint.size,
        rootHash: toHex(current.checkpoint.rootHash),
        signedBy: current.logSignatures.map(s => s.name),
        cosignatures: cosignatures satisfies ShownCosignature[],
        previous:
          flags.previous === undefined
            ? null
            : {
                file: flags.previous,
                treeSize: previous?.checkpoint.size ?? null,
                result: consistency,
              },
        included,
        saved: flags.save ?? null,
      })}\n`,
    );
  }
  return EXIT.OK;
}
