import {
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  parseSignerKey,
  parseVerifierKey,
} from '@hardening/backstage-plugin-hardening-common';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryIo } from '../__testUtils__/memoryIo';
import { useUploadScene } from '../__testUtils__/uploadScene';
import { EXIT } from '../CliError';
import { run } from '../program';

describe('hardening keys generate', () => {
  const scene = useUploadScene({});

  async function cli(args: string[]) {
    const io = memoryIo({ cwd: scene.dir });
    const code = await run(['keys', 'generate', ...args], io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  it('prints a log signing key and its verifier key, which the log and CI read', async () => {
    const result = await cli(['--name', 'backstage.example.com/hardening']);
    expect(result.code).toBe(EXIT.OK);
    const [signer, verifier, ...rest] = result.stdout.split('\n');
    expect(rest).toEqual(['']);
    const secret = parseSignerKey(signer);
    expect(secret).toMatchObject({
      name: 'backstage.example.com/hardening',
      type: ED25519_NOTE_TYPE,
      verifierKey: verifier,
    });
    expect(parseVerifierKey(verifier).keyId).toBe(secret.keyId);
    expect(result.stderr).toContain('hardening.transparency.signingKey');
  });

  it('makes a witness key with --witness, and new keys each time', async () => {
    const one = await cli([
      '--name',
      'release-managers.example.com',
      '--witness',
    ]);
    const two = await cli([
      '--name',
      'release-managers.example.com',
      '--witness',
    ]);
    const key = parseSignerKey(one.stdout.split('\n')[0]);
    expect(key.type).toBe(ED25519_COSIGNATURE_TYPE);
    expect(one.stderr).toContain('hardening.transparency.witnesses[].key');
    expect(two.stdout).not.toBe(one.stdout);
  });

  it('writes the signer key to a new file only its owner reads, printing only the verifier key', async () => {
    const result = await cli([
      '--name',
      'release-managers.example.com',
      '--witness',
      '--signer-key-file',
      'keys/witness.key',
    ]);
    expect(result.code).toBe(EXIT.OK);
    const path = join(scene.dir, 'keys', 'witness.key');
    const secret = parseSignerKey(await readFile(path, 'utf8'));
    expect(result.stdout).toBe(`${secret.verifierKey}\n`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    await writeFile(join(scene.dir, 'taken.key'), 'keep me');
    const again = await cli(['--name', 'w', '--signer-key-file', 'taken.key']);
    expect(again.code).toBe(EXIT.USAGE);
    expect(await readFile(join(scene.dir, 'taken.key'), 'utf8')).toBe(
      'keep me',
    );
  });

  it('refuses a key name C2SP does not allow', async () => {
    const result = await cli(['--name', 'has space']);
    expect(result.code).toBe(EXIT.USAGE);
    expect(result.stdout).toBe('');
  });
});
