import {
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  parseSignedNote,
  verifyCosignature,
} from '@hardening/backstage-plugin-hardening-common';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chainOf,
  fakeTransparencyLog,
  fixedKey,
} from '../__testUtils__/fakeTransparencyLog';
import { memoryIo } from '../__testUtils__/memoryIo';
import { useUploadScene } from '../__testUtils__/uploadScene';
import { EXIT } from '../CliError';
import { run } from '../program';

const ENTITY_PATH = '/api/hardening/entities/component/default/payments-api';
/** The frozen clock of memoryIo, in POSIX seconds. */
const NOW = Date.parse('2026-11-20T10:00:00.000Z') / 1000;

describe('hardening chain witness', () => {
  const scene = useUploadScene({});
  const witness = fixedKey(
    'release-managers.example.com',
    ED25519_COSIGNATURE_TYPE,
    3,
  );

  async function cosign(
    backendUrl: string,
    logKey: string,
    options: { env?: Record<string, string>; args?: string[] } = {},
  ) {
    const io = memoryIo({
      cwd: scene.dir,
      env: {
        HARDENING_TOKEN: 'witness-token',
        HARDENING_WITNESS_KEY: witness.signerKey,
        ...options.env,
      },
    });
    const code = await run(
      [
        'chain',
        'witness',
        '--entity',
        'payments-api',
        '--backend-url',
        backendUrl,
        '--log-key',
        logKey,
        '--state',
        'witness/state.txt',
        '--retries',
        '0',
        ...(options.args ?? []),
      ],
      io.io,
    );
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }
  const state = () => readFile(join(scene.dir, 'witness', 'state.txt'), 'utf8');
  const requested = (backend: { requests: { method: string; url: URL }[] }) =>
    backend.requests.map(
      r =>
        `${r.method} ${r.url.pathname.replace(ENTITY_PATH, '…')}${
          r.url.search
        }`,
    );

  it('cosigns the first checkpoint on first use, posting the note with its cosignature, and keeps it as state', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
      witnesses: [witness.verifierKey],
    });
    const backend = await scene.server([log.responder]);
    const result = await cosign(backend.url, log.logKey.verifierKey);
    expect(result.code).toBe(EXIT.OK);
    expect(result.stderr).toBe(
      'hardening: warning: no witness state at witness/state.txt: trusting this checkpoint on first use; from the next run on, the log must extend it\n',
    );
    expect(result.stdout).toMatch(
      /cosigned size 3 as release-managers\.example\.com \(key id [0-9a-f]{8}\) at 2026-11-20T10:00:00\.000Z; the backend stored it; state saved to witness\/state\.txt\n$/,
    );
    expect(requested(backend)).toEqual([
      'GET …/audit-chain/checkpoint',
      'POST …/audit-chain/checkpoint/cosignatures',
    ]);
    const post = backend.requests[1];
    expect(post.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(post.headers.authorization).toBe('Bearer witness-token');

    // The body: the log's signed checkpoint, plus one cosignature line of the witness.
    const body = post.body.toString('utf8');
    const served = log.checkpoint(3);
    expect(body.startsWith(served)).toBe(true);
    const note = parseSignedNote(body);
    expect(note.signatures.map(s => s.name)).toEqual([
      'backstage.example.com/hardening',
      'release-managers.example.com',
    ]);
    expect(
      verifyCosignature(note.text, note.signatures[1], witness.verifierKey),
    ).toBe(NOW);
    expect(await state()).toBe(body);
    expect(log.state.cosignatures.get(3)).toEqual([note.signatures[1].line]);
  });

  it('checks the grown log against its state before cosigning again, and does nothing twice', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
      witnesses: [witness.verifierKey],
    });
    const backend = await scene.server([log.responder]);
    expect((await cosign(backend.url, log.logKey.verifierKey)).code).toBe(
      EXIT.OK,
    );
    log.state.entries = chainOf('build', 'canary', 'promote', 'verify');

    const grown = await cosign(backend.url, log.logKey.verifierKey);
    expect(grown.code).toBe(EXIT.OK);
    expect(grown.stderr).toBe('');
    expect(grown.stdout).toContain(
      'consistent with the last cosigned checkpoint (witness/state.txt) (size 3): the log grew by 1 entry\n',
    );
    expect(requested(backend).slice(2)).toEqual([
      'GET …/audit-chain/checkpoint',
      'GET …/audit-chain/proof/consistency?from=3&to=4',
      'POST …/audit-chain/checkpoint/cosignatures',
    ]);
    expect(parseSignedNote(await state()).text).toBe(
      parseSignedNote(log.checkpoint(4)).text,
    );

    // The served checkpoint now carries this witness's cosignature: nothing to send.
    const again = await cosign(backend.url, log.logKey.verifierKey);
    expect(again.code).toBe(EXIT.OK);
    expect(again.stdout).toContain('at this size; nothing sent\n');
    expect(requested(backend).slice(5)).toEqual([
      'GET …/audit-chain/checkpoint',
    ]);
  });

  it('refuses (exit 5) to cosign a rewritten log, sending nothing and keeping its state', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build', 'canary', 'promote'),
      witnesses: [witness.verifierKey],
    });
    const backend = await scene.server([log.responder]);
    await cosign(backend.url, log.logKey.verifierKey);
    const before = await state();

    log.state.entries = chainOf('build', 'rollback', 'promote', 'verify');
    const rewritten = await cosign(backend.url, log.logKey.verifierKey);
    expect(rewritten.code).toBe(EXIT.INCONSISTENT);
    expect(rewritten.stderr).toContain('the log was rewritten');
    expect(backend.requests.filter(r => r.method === 'POST').length).toBe(1);
    expect(await state()).toBe(before);

    log.state.entries = log.state.entries.slice(0, 2);
    const smaller = await cosign(backend.url, log.logKey.verifierKey);
    expect(smaller.code).toBe(EXIT.INCONSISTENT);
    expect(smaller.stderr).toContain('the log shrank');
    expect(await state()).toBe(before);
  });

  it('refuses a state file that this witness did not cosign', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build'),
      witnesses: [witness.verifierKey],
    });
    await mkdir(join(scene.dir, 'witness'));
    await writeFile(join(scene.dir, 'witness', 'state.txt'), log.checkpoint());
    const backend = await scene.server([log.responder]);
    const result = await cosign(backend.url, log.logKey.verifierKey);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stderr).toMatch(
      /^hardening: --state witness\/state\.txt holds no cosignature of release-managers\.example\.com \(key id [0-9a-f]{8}\): it is not this witness's state/,
    );
    expect(backend.requests.filter(r => r.method === 'POST')).toEqual([]);
  });

  it('reads the witness key from a file; refuses the key itself as an argument without echoing it, and a log key', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build'),
      witnesses: [witness.verifierKey],
    });
    const backend = await scene.server([log.responder]);
    await writeFile(join(scene.dir, 'witness.key'), `${witness.signerKey}\n`);
    const fromFile = await cosign(backend.url, log.logKey.verifierKey, {
      env: { HARDENING_WITNESS_KEY: '' },
      args: ['--witness-key', 'witness.key'],
    });
    expect(fromFile.code).toBe(EXIT.OK);

    const inline = await cosign(backend.url, log.logKey.verifierKey, {
      args: ['--witness-key', witness.signerKey],
    });
    expect(inline.code).toBe(EXIT.USAGE);
    expect(inline.stderr).toContain(
      '--witness-key takes the path of a file holding the key, not the key itself',
    );
    const secret = witness.signerKey.split('+').pop()!;
    expect(inline.stderr + inline.stdout).not.toContain(secret);

    const logSigner = fixedKey(
      'backstage.example.com/hardening',
      ED25519_NOTE_TYPE,
      5,
    );
    const wrongType = await cosign(backend.url, log.logKey.verifierKey, {
      env: { HARDENING_WITNESS_KEY: logSigner.signerKey },
    });
    expect(wrongType.code).toBe(EXIT.USAGE);
    expect(wrongType.stderr).toBe(
      'hardening: HARDENING_WITNESS_KEY holds a log signing key (type 0x01); a witness cosigns with a witness key (hardening keys generate --witness)\n',
    );
    expect(wrongType.stderr).not.toContain(
      logSigner.signerKey.split('+').pop()!,
    );
  });

  it('exits 3 with the backend’s message when it refuses the cosignature (a witness it does not know)', async () => {
    const log = fakeTransparencyLog({
      entries: chainOf('build'),
      witnesses: [],
    });
    const backend = await scene.server([log.responder]);
    const result = await cosign(backend.url, log.logKey.verifierKey);
    expect(result.code).toBe(EXIT.REJECTED);
    expect(result.stderr).toContain(
      'the backend refused the request (400): InputError: no configured witness',
    );
    await expect(state()).rejects.toThrow(/ENOENT/);
  });
});
