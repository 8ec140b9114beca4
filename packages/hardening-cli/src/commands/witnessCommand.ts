import {
  cosignCheckpoint,
  ED25519_NOTE_TYPE,
  formatSignedNote,
  NoteSignature,
  SignerKey,
  verifyCosignature,
} from '@hardening/backstage-plugin-hardening-common';
import { Command } from 'commander';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import {
  readOptionalFile,
  writeFileAtomically,
} from '../transparency/checkpointFile';
import { checkConsistency } from '../transparency/consistency';
import {
  readVerifierKeys,
  readWitnessSignerKey,
  WITNESS_KEY_ENV,
} from '../transparency/noteKeys';
import { TransparencyClient } from '../transparency/transparencyClient';
import {
  checkOrigin,
  describeKey,
  describeTree,
  openCheckpoint,
  VerifiedCheckpoint,
} from '../transparency/verifiedCheckpoint';
import {
  addBackendOptions,
  BackendFlags,
  resolveBackendConnection,
} from './connectionOptions';
import { collect } from './optionParsers';

type WitnessFlags = BackendFlags & {
  logKey: string[];
  witnessKey?: string;
  state: string;
};

/** The witness's own valid cosignature line in a checkpoint note, if there is one. */
function ownCosignature(
  checkpoint: VerifiedCheckpoint,
  key: SignerKey,
): NoteSignature | undefined {
  return checkpoint.otherSignatures.find(
    line =>
      line.name === key.name &&
      line.keyId === key.keyId &&
      verifyCosignature(checkpoint.text, line, key) !== undefined,
  );
}

/** What the witness keeps: the checkpoint with the log's signature and its own cosignature. */
function stateNote(checkpoint: VerifiedCheckpoint, cosignature: string) {
  return formatSignedNote(checkpoint.text, [
    ...checkpoint.logSignatures.map(s => s.line),
    cosignature,
  ]);
}

/**
 * `hardening chain witness`: a second party checks the entity's latest checkpoint (the
 * log's signature, and that it extends the last checkpoint this witness cosigned), then
 * cosigns it and gives the cosignature to the backend. It never cosigns a checkpoint
 * that does not extend its last one.
 */
async function witness(flags: WitnessFlags, io: CliIo): Promise<number> {
  if (flags.logKey.length === 0) {
    throw new CliError(
      "--log-key is required: the log's pinned verifier key (or @file)",
    );
  }
  const logKeys = await readVerifierKeys(
    flags.logKey,
    '--log-key',
    ED25519_NOTE_TYPE,
    io,
  );
  const key = await readWitnessSignerKey(flags.witnessKey, io);
  const connection = resolveBackendConnection(flags, io);
  const client = new TransparencyClient(connection, io);
  const { entityRef } = connection.target;

  const where = 'the checkpoint the backend serves';
  const current = openCheckpoint(await client.checkpoint(), logKeys, where);
  checkOrigin(current.checkpoint, { entityRef }, where);
  io.stdout.write(
    `checkpoint of ${current.checkpoint.origin}: ${describeTree(
      current.checkpoint,
    )}, signed by ${current.logSignatures.map(describeKey).join(', ')}\n`,
  );

  const saved = await readOptionalFile(flags.state, '--state', io);
  if (saved === undefined) {
    io.stderr.write(
      `hardening: warning: no witness state at ${flags.state}: trusting this checkpoint on first use; from the next run on, the log must extend it\n`,
    );
  } else {
    const last = openCheckpoint(saved, logKeys, `--state ${flags.state}`);
    if (!ownCosignature(last, key)) {
      throw new CliError(
        `--state ${flags.state} holds no cosignature of ${describeKey(
          key,
        )}: it is not this witness's state. Restore the right file, or remove it to trust the current checkpoint on first use`,
      );
    }
    const consistency = await checkConsistency(
      last.checkpoint,
      current.checkpoint,
      (from, to) => client.consistencyProof(from, to),
      { previous: `the last cosigned checkpoint (${flags.state})` },
    );
    io.stdout.write(`${consistency}\n`);
  }

  const already = ownCosignature(current, key);
  if (already) {
    io.stdout.write(
      `already cosigned by ${describeKey(key)} at this size; nothing sent\n`,
    );
    await writeFileAtomically(
      flags.state,
      stateNote(current, already.line),
      '--state',
      io,
    );
    return EXIT.OK;
  }
  const timestamp = Math.floor(io.now().getTime() / 1000);
  const cosignature = cosignCheckpoint(current.text, key, timestamp);
  const note = stateNote(current, cosignature);
  const result = await client.postCosignatures(note);
  const stored = result.stored.find(
    s =>
      s.witness === key.name &&
      s.keyId === key.keyId.toString(16).padStart(8, '0'),
  );
  if (!stored) {
    throw new CliError(
      `the backend took the cosigned checkpoint but stored no cosignature of ${describeKey(
        key,
      )} (it stored: ${
        result.stored.map(s => s.witness).join(', ') || 'none'
      }); is its verifier key in hardening.transparency.witnesses?`,
      EXIT.REJECTED,
    );
  }
  await writeFileAtomically(flags.state, note, '--state', io);
  io.stdout.write(
    `cosigned size ${current.checkpoint.size} as ${describeKey(
      key,
    )} at ${new Date(
      timestamp * 1000,
    ).toISOString()}; the backend stored it; state saved to ${flags.state}\n`,
  );
  return EXIT.OK;
}

/** `hardening chain witness` */
export function witnessCommand(
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const command = new Command('witness')
    .description(
      "cosign the entity's latest checkpoint as a witness, once it is checked to extend the last checkpoint this witness cosigned (exit 5 when it does not)",
    )
    .option(
      '--log-key <vkey|@file>',
      "the log's pinned verifier key, or @file with keys one per line (repeatable)",
      collect,
      [],
    )
    .option(
      '--witness-key <file>',
      `a file holding the witness's signer key (type 0x04) [env: ${WITNESS_KEY_ENV}, the key itself]`,
    )
    .requiredOption(
      '--state <file>',
      'the last checkpoint this witness cosigned (created on the first run; keep it between runs)',
    );
  addBackendOptions(command);
  return command.action(async (flags: WitnessFlags) => {
    setExitCode(await witness(flags, io));
  });
}
