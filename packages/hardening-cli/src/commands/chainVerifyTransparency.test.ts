import {
  AuditChainEntry,
  computeEntryHash,
  cosignCheckpoint,
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
} from '@hardening/backstage-plugin-hardening-common';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chainOf,
  fakeTransparencyLog,
  fixedKey,
} from '../__testUtils__/fakeTransparencyLog';
import { memoryIo } from '../__testUtils__/memoryIo';
import { Responder } from '../__testUtils__/recordingServer';
import { useUploadScene } from '../__testUtils__/uploadScene';
import { EXIT } from '../CliError';
import { run } from '../program';
import { sha256Hex } from '../sha256Hex';

const ENTITY_PATH = '/api/hardening/entities/component/default/payments-api';
/** The backend's keyset cursor of the oldest-first chain listing, after entry `seq`. */
const cursorOf = (seq: number) =>
  Buffer.from(JSON.stringify({ seq })).toString('base64url');

describe('hardening chain verify --public-key (transparency log)', () => {
  const scene = useUploadScene({});

  async function cli(args: string[], env: Record<string, string> = {}) {
    const io = memoryIo({
      cwd: scene.dir,
      env: { HARDENING_TOKEN: 'ci-token', ...env },
    });
    const code = await run(args, io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  /** The CI line: fetch, verify against the pinned key, check against the saved checkpoint, save. */
  async function ciVerify(
    backendUrl: string,
    publicKeys: string[],
    extra: string[] = [],
  ) {
    return cli([
      'chain',
      'verify',
      '--entity',
      'payments-api',
      '--backend-url',
      backendUrl,
      ...publicKeys.flatMap(k => ['--public-key', k]),
      '--previous',
      'ci/checkpoint.txt',
      '--save',
      'ci/checkpoint.txt',
      '--retries',
      '0',
      ...extra,
    ]);
  }
  const saved = () => readFile(join(scene.dir, 'ci', 'checkpoint.txt'), 'utf8');
  const requested = (backend: { requests: { method: string; url: URL }[] }) =>
    backend.requests.map(
      r =>
        `${r.method} ${r.url.pathname.replace(ENTITY_PATH, '…')}${
          r.url.search
        }`,
    );

  it('trusts the first checkpoint on first use, then checks that the next run extends it and saves each', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
    });
    const backend = await scene.server([log.responder]);
    const vkey = log.logKey.verifierKey;

    const first = await ciVerify(backend.url, [vkey]);
    expect(first.code).toBe(EXIT.OK);
    expect(first.stderr).toBe(
      'hardening: warning: no previous checkpoint at ci/checkpoint.txt: trusting this checkpoint on first use; from the next run on, the log must extend it\n',
    );
    const firstNote = log.checkpoint(3);
    expect(await saved()).toBe(firstNote);
    expect(requested(backend)).toEqual(['GET …/audit-chain/checkpoint']);
    expect(backend.requests[0].headers.authorization).toBe('Bearer ci-token');

    log.state.entries = chainOf(
      'build',
      'canary',
      'promote',
      'full-release',
      'verify',
    );
    const second = await ciVerify(backend.url, [vkey]);
    expect(second).toEqual({
      code: EXIT.OK,
      stdout: expect.stringContaining(
        'consistent with ci/checkpoint.txt (size 3): the log grew by 2 entries\n',
      ),
      stderr: '',
    });
    expect(second.stdout).toMatch(
      /^checkpoint of backstage\.example\.com\/hardening\/component:default\/payments-api: size 5, root [0-9a-f]{64}, signed by backstage\.example\.com\/hardening \(key id [0-9a-f]{8}\)\n/,
    );
    expect(second.stdout).toContain(
      'saved the checkpoint to ci/checkpoint.txt\n',
    );
    expect(requested(backend).slice(1)).toEqual([
      'GET …/audit-chain/checkpoint',
      'GET …/audit-chain/proof/consistency?from=3&to=5',
    ]);
    expect(await saved()).toBe(log.checkpoint(5));
  });

  it('fails with exit 5 and keeps the saved checkpoint when the log was rewritten at the same size', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
    });
    const backend = await scene.server([log.responder]);
    const vkey = log.logKey.verifierKey;
    expect((await ciVerify(backend.url, [vkey])).code).toBe(EXIT.OK);
    const before = await saved();

    log.state.entries = chainOf('build', 'rollback', 'promote');
    const rewritten = await ciVerify(backend.url, [vkey]);
    expect(rewritten.code).toBe(EXIT.INCONSISTENT);
    expect(rewritten.stderr).toBe(
      'hardening: the log was rewritten: ci/checkpoint.txt and the current checkpoint both have 3 entries but different roots\n',
    );
    expect(await saved()).toBe(before);
  });

  it('fails with exit 5 when the grown log does not extend the saved checkpoint (the proof does not verify)', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
    });
    const backend = await scene.server([log.responder]);
    const vkey = log.logKey.verifierKey;
    expect((await ciVerify(backend.url, [vkey])).code).toBe(EXIT.OK);
    const before = await saved();

    log.state.entries = chainOf('build', 'canary', 'rollback', 'promote');
    const forked = await ciVerify(backend.url, [vkey]);
    expect(forked.code).toBe(EXIT.INCONSISTENT);
    expect(forked.stderr).toBe(
      'hardening: the log was rewritten: the current checkpoint (size 4) does not extend ci/checkpoint.txt (size 3); the consistency proof does not verify\n',
    );
    expect(await saved()).toBe(before);
  });

  it('fails with exit 5 when the log shrank', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
    });
    const backend = await scene.server([log.responder]);
    const vkey = log.logKey.verifierKey;
    expect((await ciVerify(backend.url, [vkey])).code).toBe(EXIT.OK);

    log.state.entries = log.state.entries.slice(0, 2);
    const shrunk = await ciVerify(backend.url, [vkey]);
    expect(shrunk.code).toBe(EXIT.INCONSISTENT);
    expect(shrunk.stderr).toContain('the log shrank');
  });

  it('refuses (exit 1) a checkpoint signed by a key that is not pinned, and saves nothing', async () => {
    const log = fakeTransparencyLog({ entries: chainOf('build') });
    const backend = await scene.server([log.responder]);
    const other = fixedKey(
      'backstage.example.com/hardening',
      ED25519_NOTE_TYPE,
      9,
    ).verifierKey;
    const refused = await ciVerify(backend.url, [other]);
    expect(refused.code).toBe(EXIT.CHECK_FAILED);
    expect(refused.stderr).toMatch(
      /^hardening: the checkpoint the backend serves: signed by backstage\.example\.com\/hardening \(key id [0-9a-f]{8}\), none of them a pinned log key \(backstage\.example\.com\/hardening \(key id [0-9a-f]{8}\)\): a wrong --public-key, or another log\n$/,
    );
    await expect(saved()).rejects.toThrow(/ENOENT/);
  });

  it('refuses (exit 1) a checkpoint whose text was changed after it was signed', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
    });
    const tampered: Responder = (req, res, body) => {
      if (req.url?.endsWith('/audit-chain/checkpoint')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(log.checkpoint().replace('\n3\n', '\n2\n'));
      } else log.responder(req, res, body);
    };
    const backend = await scene.server([tampered]);
    const result = await ciVerify(backend.url, [log.logKey.verifierKey]);
    expect(result.code).toBe(EXIT.CHECK_FAILED);
    expect(result.stderr).toBe(
      'hardening: the checkpoint the backend serves: The signature of backstage.example.com/hardening does not verify: the note was changed or signed by another key\n',
    );
  });

  it("refuses (exit 1) another entity's checkpoint, signed by the same key", async () => {
    const log = fakeTransparencyLog({
      entityRef: 'component:default/billing',
      entries: chainOf('build'),
    });
    const backend = await scene.server([log.responder]);
    const result = await ciVerify(backend.url, [log.logKey.verifierKey]);
    expect(result.code).toBe(EXIT.CHECK_FAILED);
    expect(result.stderr).toBe(
      `hardening: the checkpoint the backend serves: the checkpoint is of the log "backstage.example.com/hardening/component:default/billing", not of component:default/payments-api's\n`,
    );
  });

  it('accepts the old and the new log key pinned together while the log rotates its key', async () => {
    const entries = chainOf('build', 'canary');
    const oldLog = fakeTransparencyLog({ entries, keySeed: 7 });
    const newLog = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
      keySeed: 8,
    });
    await writeFile(
      join(scene.dir, 'keys.txt'),
      `# the log's keys\n${oldLog.logKey.verifierKey}\n\n${newLog.logKey.verifierKey}\n`,
    );
    const before = await scene.server([oldLog.responder]);
    expect((await ciVerify(before.url, ['@keys.txt'])).code).toBe(EXIT.OK);
    const after = await scene.server([newLog.responder]);
    const rotated = await ciVerify(after.url, ['@keys.txt']);
    expect(rotated.code).toBe(EXIT.OK);
    expect(rotated.stdout).toContain('the log grew by 1 entry\n');
  });

  it('fails with exit 2 when --require-previous is given and the saved checkpoint is missing', async () => {
    const log = fakeTransparencyLog({ entries: chainOf('build') });
    const backend = await scene.server([log.responder]);
    const result = await ciVerify(
      backend.url,
      [log.logKey.verifierKey],
      ['--require-previous'],
    );
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toContain(
      '--previous ci/checkpoint.txt: no such file, and --require-previous is given',
    );
  });

  describe('inclusion of entries', () => {
    const entries = chainOf('build', 'canary', 'promote', 'full-release');

    async function verifyEntries(
      backendUrl: string,
      vkey: string,
      args: string[],
    ) {
      return cli([
        'chain',
        'verify',
        '--entity',
        'payments-api',
        '--backend-url',
        backendUrl,
        '--public-key',
        vkey,
        '--retries',
        '0',
        ...args,
      ]);
    }

    it('hashes the stored entries asked for by seq or hash itself and checks their proofs against the checkpoint', async () => {
      const log = fakeTransparencyLog({ entries });
      const backend = await scene.server([log.responder]);
      const result = await verifyEntries(backend.url, log.logKey.verifierKey, [
        '--seq',
        '1',
        '--entry-hash',
        entries[3].hash,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(EXIT.OK);
      expect(result.stdout).toContain(
        `seq 1 (canary, hash ${entries[1].hash}) is in the log\nseq 3 (full-release, hash ${entries[3].hash}) is in the log\n`,
      );
      expect(requested(backend)).toEqual([
        'GET …/audit-chain/checkpoint',
        // seq 1: one entry, after the listing's cursor of seq 0.
        `GET …/audit-chain?order=asc&limit=1&cursor=${cursorOf(0)}`,
        // A hash: the chain read from its start until the entry shows.
        'GET …/audit-chain?order=asc&limit=200',
        'GET …/audit-chain/proof/inclusion?seq=1&treeSize=4',
        'GET …/audit-chain/proof/inclusion?seq=3&treeSize=4',
      ]);
    });

    it('reads only the entries asked for by seq, not the chain before them', async () => {
      const long = chainOf(
        ...Array.from({ length: 450 }, (_, i) => (i % 2 ? 'build' : 'canary')),
      );
      const log = fakeTransparencyLog({ entries: long });
      const backend = await scene.server([log.responder]);
      const result = await verifyEntries(backend.url, log.logKey.verifierKey, [
        '--seq',
        '420',
        '--seq',
        '0',
      ]);
      expect(result).toMatchObject({ code: EXIT.OK, stderr: '' });
      expect(result.stdout).toContain(
        `seq 420 (canary, hash ${long[420].hash}) is in the log\nseq 0 (canary, hash ${long[0].hash}) is in the log\n`,
      );
      expect(requested(backend)).toEqual([
        'GET …/audit-chain/checkpoint',
        `GET …/audit-chain?order=asc&limit=1&cursor=${cursorOf(419)}`,
        'GET …/audit-chain?order=asc&limit=1',
        'GET …/audit-chain/proof/inclusion?seq=420&treeSize=450',
        'GET …/audit-chain/proof/inclusion?seq=0&treeSize=450',
      ]);
    });

    it('reads the chain from its start when the backend refuses the cursor', async () => {
      const log = fakeTransparencyLog({ entries });
      const refusesCursors: Responder = (req, res, body) => {
        if (req.url?.includes('cursor=')) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { name: 'InputError', message: 'Invalid cursor' },
            }),
          );
        } else log.responder(req, res, body);
      };
      const backend = await scene.server([refusesCursors]);
      const result = await verifyEntries(backend.url, log.logKey.verifierKey, [
        '--seq',
        '2',
        '--seq',
        '3',
      ]);
      expect(result).toMatchObject({ code: EXIT.OK, stderr: '' });
      expect(result.stdout).toContain(
        `seq 2 (promote, hash ${entries[2].hash}) is in the log\nseq 3 (full-release, hash ${entries[3].hash}) is in the log\n`,
      );
      expect(requested(backend)).toEqual([
        'GET …/audit-chain/checkpoint',
        `GET …/audit-chain?order=asc&limit=1&cursor=${cursorOf(1)}`,
        'GET …/audit-chain?order=asc&limit=200',
        'GET …/audit-chain/proof/inclusion?seq=2&treeSize=4',
        'GET …/audit-chain/proof/inclusion?seq=3&treeSize=4',
      ]);
    });

    it('refuses (exit 1) an entry the listing serves changed, whatever leaf hash the proof names', async () => {
      const log = fakeTransparencyLog({ entries });
      const changed = { ...entries[1], actor: 'someone-else' };
      log.state.listed = [entries[0], changed, entries[2], entries[3]];
      const backend = await scene.server([log.responder]);
      const result = await verifyEntries(backend.url, log.logKey.verifierKey, [
        '--seq',
        '1',
      ]);
      expect(result.code).toBe(EXIT.CHECK_FAILED);
      expect(result.stderr).toMatch(
        /^hardening: --seq 1: not in the log: the inclusion proof does not lead from the entry to the checkpoint's root \(the entry's content hashes to leaf [0-9a-f]{64}, the proof is for [0-9a-f]{64}: the entry is not the one the log holds\)\n$/,
      );
    });

    it('refuses (exit 1) an entry listed under a hash its content does not have', async () => {
      const log = fakeTransparencyLog({ entries });
      const changed = { ...entries[2], actor: 'someone-else' };
      log.state.listed = [entries[0], entries[1], changed, entries[3]];
      const backend = await scene.server([log.responder]);
      const result = await verifyEntries(backend.url, log.logKey.verifierKey, [
        '--entry-hash',
        entries[2].hash,
      ]);
      expect(result.code).toBe(EXIT.CHECK_FAILED);
      expect(result.stderr).toBe(
        `hardening: --entry-hash ${
          entries[2].hash
        }: the entry the backend lists under this hash has content that hashes to ${computeEntryHash(
          changed,
          sha256Hex,
        )}\n`,
      );
    });

    it('refuses (exit 1) a seq beyond the checkpoint', async () => {
      const log = fakeTransparencyLog({ entries });
      const backend = await scene.server([log.responder]);
      const result = await verifyEntries(backend.url, log.logKey.verifierKey, [
        '--seq',
        '4',
      ]);
      expect(result.code).toBe(EXIT.CHECK_FAILED);
      expect(result.stderr).toBe(
        "hardening: --seq 4: the checkpoint's tree has 4 entries (seq 0 to 3)\n",
      );

      const empty = fakeTransparencyLog({ entries: [] });
      const emptyBackend = await scene.server([empty.responder]);
      const none = await verifyEntries(
        emptyBackend.url,
        empty.logKey.verifierKey,
        ['--seq', '0'],
      );
      expect(none.code).toBe(EXIT.CHECK_FAILED);
      expect(none.stderr).toBe(
        "hardening: --seq 0: the checkpoint's tree has no entries yet\n",
      );
    });
  });

  describe('offline, from files', () => {
    const entries = chainOf(
      'build',
      'canary',
      'promote',
      'full-release',
      'verify',
    );

    async function files(
      log: ReturnType<typeof fakeTransparencyLog>,
      entry: AuditChainEntry,
    ) {
      const put = (name: string, value: unknown) =>
        writeFile(
          join(scene.dir, name),
          typeof value === 'string' ? value : JSON.stringify(value),
        );
      await put('previous.txt', log.checkpoint(3));
      await put('checkpoint.txt', log.checkpoint(5));
      await put('consistency.json', log.consistencyProof(3, 5));
      await put('entry.json', entry);
      await put('inclusion.json', log.inclusionProof(2, 5));
    }
    const offline = (vkey: string) =>
      cli(
        [
          'chain',
          'verify',
          '--public-key',
          vkey,
          '--checkpoint',
          'checkpoint.txt',
          '--previous',
          'previous.txt',
          '--consistency-proof',
          'consistency.json',
          '--entry',
          'entry.json',
          '--inclusion-proof',
          'inclusion.json',
        ],
        // No backend, no credentials: nothing is asked for.
        {},
      );

    it('checks the signature, the consistency and an inclusion without a backend', async () => {
      const log = fakeTransparencyLog({ entries });
      await files(log, entries[2]);
      const result = await offline(log.logKey.verifierKey);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(EXIT.OK);
      expect(result.stdout).toContain(
        'consistent with previous.txt (size 3): the log grew by 2 entries\n',
      );
      expect(result.stdout).toContain(
        `seq 2 (promote, hash ${entries[2].hash}) is in the log\n`,
      );
    });

    it('refuses (exit 1) an entry file that was edited', async () => {
      const log = fakeTransparencyLog({ entries });
      await files(log, {
        ...entries[2],
        details: { image: 'payments-api:evil' },
      });
      const result = await offline(log.logKey.verifierKey);
      expect(result.code).toBe(EXIT.CHECK_FAILED);
      expect(result.stderr).toContain(
        'hardening: entry.json: not in the log: the inclusion proof does not lead from the entry',
      );
    });

    it('fails with exit 5 on a consistency proof of another history', async () => {
      const log = fakeTransparencyLog({ entries });
      await files(log, entries[2]);
      const other = fakeTransparencyLog({
        entries: chainOf(
          'build',
          'canary',
          'rollback',
          'full-release',
          'verify',
        ),
      });
      await writeFile(join(scene.dir, 'checkpoint.txt'), other.checkpoint(5));
      await writeFile(
        join(scene.dir, 'consistency.json'),
        JSON.stringify(other.consistencyProof(3, 5)),
      );
      const result = await offline(log.logKey.verifierKey);
      expect(result.code).toBe(EXIT.INCONSISTENT);
    });
  });

  it('shows witness cosignatures, verifying those of the witness keys given', async () => {
    const log = fakeTransparencyLog({ entries: chainOf('build', 'canary') });
    const witness = fixedKey(
      'release-managers.example.com',
      ED25519_COSIGNATURE_TYPE,
      3,
    );
    const text = log
      .checkpoint()
      .slice(0, log.checkpoint().indexOf('\n\n') + 1);
    log.state.cosignatures.set(2, [
      cosignCheckpoint(text, witness.signerKey, 1795168800),
    ]);
    const backend = await scene.server([log.responder]);
    const base = [
      'chain',
      'verify',
      '--entity',
      'payments-api',
      '--backend-url',
      backend.url,
      '--public-key',
      log.logKey.verifierKey,
    ];
    const unverified = await cli(base);
    expect(unverified.stdout).toMatch(
      /cosigned by release-managers\.example\.com \(key id [0-9a-f]{8}\) at 2026-11-20T10:00:00\.000Z, not verified \(no --witness-public-key for it\)\n/,
    );
    const verified = await cli([
      ...base,
      '--witness-public-key',
      witness.verifierKey,
      '--json',
    ]);
    expect(verified.code).toBe(EXIT.OK);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      treeSize: 2,
      cosignatures: [
        {
          witness: 'release-managers.example.com',
          cosignedAt: '2026-11-20T10:00:00.000Z',
          verified: true,
        },
      ],
      previous: null,
      included: [],
      saved: null,
    });
  });

  it('keeps checking chain files, and refuses a chain file mixed with the log options', async () => {
    await writeFile(join(scene.dir, 'release.jsonl'), '');
    expect(await cli(['chain', 'verify', 'release.jsonl'])).toEqual({
      code: EXIT.OK,
      stdout: 'release.jsonl: intact, no entries\n',
      stderr: '',
    });
    const mixed = await cli([
      'chain',
      'verify',
      'release.jsonl',
      '--public-key',
      fixedKey('a', ED25519_NOTE_TYPE, 1).verifierKey,
    ]);
    expect(mixed.code).toBe(EXIT.USAGE);
    const none = await cli(['chain', 'verify']);
    expect(none.code).toBe(EXIT.USAGE);
    expect(none.stderr).toContain(
      'chain verify needs a chain file, or --public-key',
    );
  });
});
