import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../__testUtils__/memoryIo';
import { startHardeningBackend } from '../__testUtils__/startHardeningBackend';
import { cursorAfterSeq } from '../chain/storedChainPages';
import { EXIT } from '../CliError';
import { run } from '../program';

const ENTITY = 'component:default/payments-api';
const ENTITY_PATH = '/api/hardening/entities/component/default/payments-api';
const LOG_KEY_NAME = 'hardening.e2e.example/hardening';
const WITNESS = 'release-managers.example.com';
/**
 * The CLI's clock: entries and cosignatures are dated then, in the past of the clock the
 * backend runs on (it refuses a cosignature dated ahead of its own clock).
 */
const NOW = new Date('2025-06-02T09:30:00.000Z');
/** The chain tables of one entity, and its log: what an attacker rewriting history deletes. */
const CHAIN_TABLES = ['audit_chain_entries', 'audit_chain_heads'];
const LOG_TABLES = [
  'audit_chain_tree_tiles',
  'audit_chain_checkpoints',
  'audit_chain_cosignatures',
];

/**
 * The transparency commands of the CLI against a real backend (SQLite): CI pinning the
 * log's key and saving checkpoints, history rewritten in the database, a witness, and
 * `freezeRequiresWitnesses`. The cases run in order on one entity's log.
 */
describe('the transparency log of a running backend, checked by the CLI', () => {
  let dir: string;
  let backend: Awaited<ReturnType<typeof startHardeningBackend>>;
  let logKey: string;
  let witnessKey: string;

  async function cli(args: string[]) {
    const io = memoryIo({
      cwd: dir,
      now: NOW,
      env: {
        HARDENING_BACKEND_URL: backend?.origin ?? '',
        HARDENING_TOKEN: backend?.token ?? '',
        HARDENING_ENTITY: ENTITY,
      },
    });
    const code = await run(args, io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  /** `keys generate`: the verifier key printed, the signer key written to `file`. */
  async function generateKey(name: string, file: string, witness = false) {
    const generated = await cli([
      'keys',
      'generate',
      '--name',
      name,
      '--signer-key-file',
      file,
      ...(witness ? ['--witness'] : []),
    ]);
    expect(generated.code).toBe(EXIT.OK);
    return generated.stdout.trim();
  }

  async function append(file: string, ...actions: string[]) {
    for (const action of actions) {
      const appended = await cli([
        'chain',
        'append',
        '--file',
        file,
        '--action',
        action,
        '--actor',
        'release-bot',
      ]);
      expect(appended.code).toBe(EXIT.OK);
    }
  }

  const upload = (file: string) => cli(['upload', 'audit-chain', file]);

  /** The CI step: the served checkpoint checked with the pinned key against the saved one. */
  const ciVerify = (...extra: string[]) =>
    cli([
      'chain',
      'verify',
      '--entity',
      'payments-api',
      '--public-key',
      logKey,
      '--previous',
      'ci/checkpoint.txt',
      '--save',
      'ci/checkpoint.txt',
      ...extra,
    ]);
  const saved = () => readFile(join(dir, 'ci/checkpoint.txt'), 'utf8');

  async function send(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    body?: object,
  ) {
    const res = await fetch(`${backend.origin}${ENTITY_PATH}/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${backend.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      json: () => JSON.parse(text),
    };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hardening-transparency-e2e-'));
    logKey = await generateKey(LOG_KEY_NAME, 'keys/log.key');
    witnessKey = await generateKey(WITNESS, 'keys/witness.key', true);
    backend = await startHardeningBackend({
      transparency: {
        signingKey: (await readFile(join(dir, 'keys/log.key'), 'utf8')).trim(),
        witnesses: [{ key: witnessKey }],
        freezeRequiresWitnesses: [WITNESS],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await backend?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the configured key without credentials', async () => {
    const res = await fetch(
      `${backend.origin}/api/hardening/transparency/public-key`,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${logKey}\n`);
  });

  it('CI pins the key and saves the checkpoint; the log must extend it, and a history rewritten in the database exits 5', async () => {
    // Before any upload the log is empty: a checkpoint of size 0, the empty tree's root.
    const empty = await cli([
      'chain',
      'verify',
      '--public-key',
      logKey,
      '--save',
      'ci/empty.txt',
    ]);
    expect(empty.code).toBe(EXIT.OK);
    expect(empty.stdout).toContain(
      ': size 0, root e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, signed by',
    );

    await append('release.jsonl', 'verify', 'build', 'canary');
    expect((await upload('release.jsonl')).code).toBe(EXIT.OK);
    const fromEmpty = await cli([
      'chain',
      'verify',
      '--public-key',
      logKey,
      '--previous',
      'ci/empty.txt',
    ]);
    expect(fromEmpty.code).toBe(EXIT.OK);
    expect(fromEmpty.stdout).toContain(
      'consistent with ci/empty.txt (size 0): the log has 3 entries since\n',
    );

    // First run: nothing saved yet, the checkpoint is trusted on first use.
    const first = await cli([
      'chain',
      'verify',
      '--entity',
      'payments-api',
      '--public-key',
      logKey,
      '--save',
      'ci/checkpoint.txt',
    ]);
    expect(first.code).toBe(EXIT.OK);
    expect(first.stdout).toMatch(
      new RegExp(
        `^checkpoint of [^ ]+/hardening/${ENTITY}: size 3, root [0-9a-f]{64}, signed by ${LOG_KEY_NAME} \\(key id [0-9a-f]{8}\\)\n`,
      ),
    );
    const firstCheckpoint = await saved();
    expect(firstCheckpoint).toBe(
      (await send('GET', 'audit-chain/checkpoint')).text,
    );

    // The release goes on: the log grew, and its new entries are in it.
    await append('release.jsonl', 'promote', 'full-release');
    expect((await upload('release.jsonl')).code).toBe(EXIT.OK);
    const second = await ciVerify('--seq', '4', '--seq', '0');
    expect(second).toMatchObject({ code: EXIT.OK, stderr: '' });
    expect(second.stdout).toContain(
      'consistent with ci/checkpoint.txt (size 3): the log grew by 2 entries\n',
    );
    expect(second.stdout).toMatch(
      /seq 4 \(full-release, hash [0-9a-f]{64}\) is in the log\n/,
    );
    expect(second.stdout).toMatch(
      /seq 0 \(verify, hash [0-9a-f]{64}\) is in the log\n/,
    );
    // The entries asked for by seq were read where they are: the backend's listing
    // takes the cursor the CLI builds to jump there.
    const jumped = (
      await send(
        'GET',
        `audit-chain?order=asc&limit=1&cursor=${cursorAfterSeq(3)}`,
      )
    ).json();
    expect(jumped.items.map((item: { seq: number }) => item.seq)).toEqual([4]);
    const secondCheckpoint = await saved();
    expect(secondCheckpoint).not.toBe(firstCheckpoint);
    expect(secondCheckpoint).toMatch(/^[^\n]+\n5\n/);

    const db = await backend.database();
    const forEntity = (table: string) =>
      db(table).where({ entity_ref: ENTITY }).delete();

    // Someone with the database deletes the chain and uploads another history: the log
    // remembers its leaves and refuses it.
    for (const table of CHAIN_TABLES) await forEntity(table);
    await append('forged.jsonl', 'verify', 'build', 'canary', 'promote');
    await append('forged.jsonl', 'rollback');
    const refused = await upload('forged.jsonl');
    expect(refused.code).toBe(EXIT.REJECTED);
    expect(refused.stderr).toContain('(409)');
    expect(refused.stderr).toContain('already holds a different entry at seq');

    // With the log's tables deleted too, the backend stores the forged chain and signs
    // its checkpoint: the chain verifies, the same size as the saved checkpoint.
    for (const table of LOG_TABLES) await forEntity(table);
    expect((await upload('forged.jsonl')).code).toBe(EXIT.OK);
    expect((await send('GET', 'audit-chain/verify')).json()).toMatchObject({
      ok: true,
      length: 5,
    });

    const sameSize = await ciVerify();
    expect(sameSize.code).toBe(EXIT.INCONSISTENT);
    expect(sameSize.stderr).toBe(
      'hardening: the log was rewritten: ci/checkpoint.txt and the current checkpoint both have 5 entries but different roots\n',
    );
    expect(await saved()).toBe(secondCheckpoint);

    // Grown past the saved size: the consistency proof the backend gives cannot verify.
    await append('forged.jsonl', 'promote');
    expect((await upload('forged.jsonl')).code).toBe(EXIT.OK);
    const larger = await ciVerify();
    expect(larger.code).toBe(EXIT.INCONSISTENT);
    expect(larger.stderr).toBe(
      'hardening: the log was rewritten: the current checkpoint (size 6) does not extend ci/checkpoint.txt (size 5); the consistency proof does not verify\n',
    );
    expect(await saved()).toBe(secondCheckpoint);
  });

  it('refuses a checkpoint signed by a key that is not the pinned one', async () => {
    const other = await generateKey(LOG_KEY_NAME, 'keys/other.key');
    const wrong = await cli([
      'chain',
      'verify',
      '--public-key',
      other,
      '--save',
      'ci/other.txt',
    ]);
    expect(wrong.code).toBe(EXIT.CHECK_FAILED);
    expect(wrong.stderr).toMatch(
      /^hardening: the checkpoint the backend serves: signed by .*none of them a pinned log key .*: a wrong --public-key, or another log\n$/,
    );
  });

  it('a witness cosigns the checkpoint; a freeze needs its cosignature of the current size', async () => {
    const witness = () =>
      cli([
        'chain',
        'witness',
        '--log-key',
        logKey,
        '--witness-key',
        'keys/witness.key',
        '--state',
        'witness/state.txt',
      ]);
    const freeze = () => send('POST', 'milestones/M1/freeze');
    const status = async () =>
      (await send('GET', 'audit-chain/transparency')).json();

    const milestone = await send('PUT', 'milestones/M1', {
      id: 'M1',
      title: 'Payments hardened',
      stage: 'hardening-slice',
      thresholds: { p95LimitMs: 300 },
    });
    expect(milestone.status).toBe(201);
    const unwitnessed = await freeze();
    expect(unwitnessed.status).toBe(409);
    expect(unwitnessed.json().error.message).toBe(
      `The audit chain of ${ENTITY} must be witnessed before a freeze: ${WITNESS} has not cosigned any checkpoint. Have them run \`hardening chain witness\` on the current checkpoint. Nothing was frozen.`,
    );

    const size = (await status()).treeSize;
    const cosigned = await witness();
    expect(cosigned.code).toBe(EXIT.OK);
    expect(cosigned.stdout).toContain(
      `cosigned size ${size} as ${WITNESS} (key id `,
    );
    const transparency = await status();
    expect(transparency).toMatchObject({
      treeSize: size,
      requiredWitnesses: [WITNESS],
      cosignatures: [
        {
          witness: WITNESS,
          treeSize: size,
          cosignedAt: NOW.toISOString(),
          requiredForFreeze: true,
        },
      ],
    });
    const state = await readFile(join(dir, 'witness/state.txt'), 'utf8');
    const cosignatureLine = state.trimEnd().split('\n').pop()!;
    expect(cosignatureLine).toMatch(new RegExp(`^— ${WITNESS} `));
    const checkpoint = (await send('GET', 'audit-chain/checkpoint')).text;
    expect(checkpoint.endsWith(`\n${cosignatureLine}\n`)).toBe(true);
    expect(checkpoint).toBe(transparency.checkpoint);

    // The checkpoint with the cosignature verifies with the witness's key too.
    const verified = await cli([
      'chain',
      'verify',
      '--public-key',
      logKey,
      '--witness-public-key',
      witnessKey,
    ]);
    expect(verified.code).toBe(EXIT.OK);
    expect(verified.stdout).toMatch(
      new RegExp(
        `cosigned by ${WITNESS} \\(key id [0-9a-f]{8}\\) at ${NOW.toISOString()}, verified\n`,
      ),
    );

    // The chain grows: the cosignature is of an older size, the freeze is refused again.
    await append('forged.jsonl', 'canary');
    expect((await upload('forged.jsonl')).code).toBe(EXIT.OK);
    const stale = await freeze();
    expect(stale.status).toBe(409);
    expect(stale.json().error.message).toContain(
      `${WITNESS} cosigned size ${size}, not the current size ${size + 1}.`,
    );

    // The witness checks the log grew from what it cosigned, and cosigns the new size:
    // the witness guard lets the freeze through to the milestone's own checklist.
    const again = await witness();
    expect(again.code).toBe(EXIT.OK);
    expect(again.stdout).toContain(
      `consistent with the last cosigned checkpoint (witness/state.txt) (size ${size}): the log grew by 1 entry\n`,
    );
    // Run again on the same checkpoint: nothing to cosign.
    const twice = await witness();
    expect(twice.code).toBe(EXIT.OK);
    expect(twice.stdout).toContain(`already cosigned by ${WITNESS} (key id `);
    expect((await status()).cosignatures).toMatchObject([
      { witness: WITNESS, treeSize: size + 1 },
    ]);

    const witnessed = await freeze();
    expect(witnessed.status).toBe(409);
    expect(witnessed.json().error.message).toMatch(
      /^Milestone M1 cannot be frozen: /,
    );
    expect(witnessed.json().error.message).not.toContain(WITNESS);
  });
});
