import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeEntryHash } from '@hardening/backstage-plugin-hardening-common';
import { memoryIo } from '../__testUtils__/memoryIo';
import { EXIT } from '../CliError';
import { run } from '../program';
import { sha256Hex } from '../sha256Hex';
import { parseDetails } from './chainCommand';

/** The example entry of the backend's API description, with its documented hash. */
const DOCUMENTED_HASH =
  '52116c0b1001d5134f6863366383ab0687259841c0e0267f0c7e79e03fccadbe';

describe('hardening chain', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hardening-cli-chain-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const cli = async (args: string[]) => {
    const io = memoryIo({ cwd: dir });
    const code = await run(args, io.io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  };
  const append = (action: string, ...extra: string[]) =>
    cli([
      'chain',
      'append',
      '--file',
      'chain.jsonl',
      '--action',
      action,
      ...extra,
    ]);
  const lines = async () =>
    (await readFile(join(dir, 'chain.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean);
  const writeLines = (content: string[], ending = '\n') =>
    writeFile(join(dir, 'chain.jsonl'), content.join('\n') + ending);

  /** A chain of four entries: build, canary, promote, full-release. */
  async function fourEntries() {
    await append('build', '--actor', 'release-bot');
    await append('canary', '--detail', 'percent:=5');
    await append('promote');
    await append('full-release');
    return lines();
  }

  it('writes entries with the hash the backend computes', async () => {
    const first = await append(
      'build',
      '--actor',
      'release-bot',
      '--detail',
      'image=payments-api:1.4.0',
      '--detail',
      'durationMs:=84000',
      '--timestamp',
      '2026-11-20T10:00:00Z',
    );
    expect(first).toEqual({
      code: EXIT.OK,
      stdout: `chain.jsonl: appended seq 0 (build), hash ${DOCUMENTED_HASH}\n`,
      stderr: '',
    });
    const second = await append('promote', '--actor', 'release-bot');
    expect(second.stdout).toMatch(
      /^chain\.jsonl: appended seq 1 \(promote\), hash [0-9a-f]{64}\n$/,
    );

    const [entry0, entry1] = (await lines()).map(l => JSON.parse(l));
    expect(entry0).toEqual({
      action: 'build',
      timestamp: '2026-11-20T10:00:00Z',
      actor: 'release-bot',
      details: { image: 'payments-api:1.4.0', durationMs: 84000 },
      prevHash: '0'.repeat(64),
      hash: DOCUMENTED_HASH,
    });
    expect(entry1.prevHash).toBe(DOCUMENTED_HASH);
    expect(entry1.timestamp).toBe('2026-11-20T10:00:00.000Z');

    expect(await cli(['chain', 'verify', 'chain.jsonl'])).toEqual({
      code: EXIT.OK,
      stdout: `chain.jsonl: intact, 2 entries, head seq 1 hash ${entry1.hash}\n`,
      stderr: '',
    });
  });

  it('names the line of an edited entry', async () => {
    const chain = await fourEntries();
    chain[2] = chain[2].replace('"promote"', '"rollback"');
    await writeLines(chain);
    const verdict = await cli(['chain', 'verify', 'chain.jsonl']);
    expect(verdict.code).toBe(EXIT.CHECK_FAILED);
    expect(verdict.stdout).toMatch(
      /^chain\.jsonl:3: broken at line 3 \(seq 2\): hash-mismatch: its content hashes to [0-9a-f]{12}…, not to its hash/,
    );
  });

  it('names the line after a removed entry, a reorder and a duplicate', async () => {
    const chain = await fourEntries();

    await writeLines([chain[0], chain[2], chain[3]]);
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).stdout).toMatch(
      /^chain\.jsonl:2: broken at line 2 \(seq 1\): prev-hash-mismatch: /,
    );

    await writeLines([chain[0], chain[2], chain[1], chain[3]]);
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).stdout).toMatch(
      /^chain\.jsonl:2: broken at line 2 \(seq 1\): reordered: /,
    );

    await writeLines([chain[0], chain[1], chain[1], chain[2]]);
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).stdout).toMatch(
      /^chain\.jsonl:3: broken at line 3 \(seq 2\): duplicate-entry: it repeats the entry at seq 1/,
    );
  });

  it('names lines that are not entries, and blank lines inside the chain', async () => {
    const chain = await fourEntries();

    await writeLines([chain[0], '{"action": "build",', chain[1]]);
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).stdout).toMatch(
      /^chain\.jsonl:2: broken at line 2: invalid-line: not JSON: /,
    );

    await writeLines([chain[0], chain[1].replace('"canary"', '"deploy"')]);
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).stdout).toMatch(
      /^chain\.jsonl:2: broken at line 2: invalid-line: not an audit chain entry: action: /,
    );

    await writeLines([chain[0], '', chain[1]]);
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).stdout).toBe(
      'chain.jsonl:2: broken at line 2: invalid-line: blank line inside the chain (blank lines may only end the file)\n',
    );
  });

  it('accepts CRLF and blank lines at the end, and appends after them', async () => {
    const chain = await fourEntries();
    await writeLines(chain, '\r\n\r\n\n');
    expect((await cli(['chain', 'verify', 'chain.jsonl'])).code).toBe(EXIT.OK);

    expect((await append('verify')).stdout).toContain(
      'appended seq 4 (verify)',
    );
    const verdict = await cli(['chain', 'verify', 'chain.jsonl', '--json']);
    expect(verdict.code).toBe(EXIT.OK);
    expect(JSON.parse(verdict.stdout)).toMatchObject({
      ok: true,
      length: 5,
      head: { seq: 4 },
    });
  });

  it('appends nothing to a broken chain', async () => {
    const chain = await fourEntries();
    await writeLines([chain[0], chain[2]]);
    const before = await readFile(join(dir, 'chain.jsonl'), 'utf8');

    const refused = await append('rollback');
    expect(refused.code).toBe(EXIT.CHECK_FAILED);
    expect(refused.stderr).toMatch(
      /^hardening: chain\.jsonl:2: the chain is broken \(prev-hash-mismatch\): .*; nothing was appended\n$/,
    );
    expect(await readFile(join(dir, 'chain.jsonl'), 'utf8')).toBe(before);
  });

  it('refuses an unknown action and a timestamp that is not ISO 8601', async () => {
    const action = await append('deploy');
    expect(action.code).toBe(EXIT.USAGE);
    expect(action.stderr).toContain(
      '--action must be one of verify, migrate, build, canary, promote, rollback, full-release, not "deploy"',
    );
    const timestamp = await append('build', '--timestamp', 'yesterday');
    expect(timestamp.code).toBe(EXIT.USAGE);
    expect(timestamp.stderr).toContain('invalid entry: timestamp');
  });

  it('refuses to append an action only the portal writes, and appends nothing', async () => {
    await append('build');
    const before = await readFile(join(dir, 'chain.jsonl'), 'utf8');
    const freeze = await append('freeze', '--actor', 'user:default/someone');
    expect(freeze.code).toBe(EXIT.USAGE);
    expect(freeze.stderr).toBe(
      'hardening: --action freeze: action freeze is written by the portal only (when a milestone is frozen); the backend refuses it in an upload. Freeze the milestone in the portal (POST …/milestones/{id}/freeze), then continue your file from the stored chain (hardening chain pull --file chain.jsonl). Nothing was appended\n',
    );
    expect(await readFile(join(dir, 'chain.jsonl'), 'utf8')).toBe(before);
  });

  it('verifies and continues a file holding a freeze entry the portal wrote, as GET …/audit-chain serves it', async () => {
    await append('build', '--timestamp', '2026-11-20T10:00:00Z');
    const [build] = (await lines()).map(l => JSON.parse(l));
    const content = {
      action: 'freeze',
      timestamp: '2026-11-20T11:00:00.000Z',
      actor: 'user:default/ana',
      details: { milestoneId: 'M3.3.1', tag: 'milestone/m3.3.1-hardened' },
      prevHash: build.hash,
    };
    const frozen = { ...content, hash: computeEntryHash(content, sha256Hex) };
    await writeLines([JSON.stringify(build), JSON.stringify(frozen)]);

    const next = await append('promote', '--timestamp', '2026-11-20T12:00:00Z');
    expect(next.stdout).toMatch(/^chain\.jsonl: appended seq 2 \(promote\)/);
    expect(JSON.parse((await lines())[2]).prevHash).toBe(frozen.hash);
    const verdict = await cli(['chain', 'verify', 'chain.jsonl']);
    expect(verdict.code).toBe(EXIT.OK);
    expect(verdict.stdout).toMatch(/^chain\.jsonl: intact, 3 entries/);
  });

  it('exits 2 when the file to verify cannot be read', async () => {
    const missing = await cli(['chain', 'verify', 'missing.jsonl']);
    expect(missing).toEqual({
      code: EXIT.USAGE,
      stdout: '',
      stderr: 'hardening: cannot read missing.jsonl: ENOENT\n',
    });
  });
});

describe('parseDetails', () => {
  it('reads strings, JSON values after :=, and values holding = and :', () => {
    expect(
      parseDetails([
        'image=registry/app:1.0',
        'url=https://x/?a=b',
        'count:=3',
        'flags:=["a"]',
      ]),
    ).toEqual({
      image: 'registry/app:1.0',
      url: 'https://x/?a=b',
      count: 3,
      flags: ['a'],
    });
  });

  it('refuses pairs without a key, repeated keys and bad JSON', () => {
    expect(() => parseDetails(['=x'])).toThrow('is not key=value');
    expect(() => parseDetails(['a=1', 'a=2'])).toThrow(
      '--detail a is given more than once',
    );
    expect(() => parseDetails(['n:={'])).toThrow(
      '--detail n:= needs a JSON value',
    );
  });
});
