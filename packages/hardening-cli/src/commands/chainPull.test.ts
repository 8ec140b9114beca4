import {
  AuditChainEntry,
  computeEntryHash,
  GENESIS_PREV_HASH,
} from '@hardening/backstage-plugin-hardening-common';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryIo } from '../__testUtils__/memoryIo';
import { json, Responder } from '../__testUtils__/recordingServer';
import { useUploadScene } from '../__testUtils__/uploadScene';
import { EXIT } from '../CliError';
import { run } from '../program';
import { sha256Hex } from '../sha256Hex';

const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJwaXBlbGluZV9pZCI6IjEifQ.c2ln';

/** A chain of `actions`, hashed with the backend's rule. */
function chainOf(...actions: string[]): AuditChainEntry[] {
  const entries: AuditChainEntry[] = [];
  let prevHash = GENESIS_PREV_HASH;
  actions.forEach((action, i) => {
    const unsigned = {
      action,
      timestamp: `2026-11-20T10:0${i}:00Z`,
      actor: action === 'freeze' ? 'user:default/ana' : 'release-bot',
      prevHash,
    };
    const entry = {
      ...unsigned,
      hash: computeEntryHash(unsigned, sha256Hex),
    } as AuditChainEntry;
    entries.push(entry);
    prevHash = entry.hash;
  });
  return entries;
}

/** `GET …/audit-chain` answers: the entries from `from`, `size` a page, then a cursor. */
function pages(entries: AuditChainEntry[], size: number): Responder[] {
  const head = entries.length
    ? {
        seq: entries.length - 1,
        hash: entries[entries.length - 1].hash,
        verifiedAt: '2026-11-20T10:10:00.000Z',
      }
    : null;
  const answers: Responder[] = [];
  for (let from = 0; from === 0 || from < entries.length; from += size) {
    const items = entries.slice(from, from + size).map((entry, i) => ({
      seq: from + i,
      reportId: 'r1',
      origin: entry.action === 'freeze' ? 'portal' : 'upload',
      entry,
    }));
    const more = from + size < entries.length;
    answers.push(
      json(200, {
        items,
        head,
        ...(more ? { nextCursor: `c${from + size - 1}` } : {}),
      }),
    );
  }
  return answers;
}

const toJsonl = (entries: AuditChainEntry[]) =>
  entries.map(e => `${JSON.stringify(e)}\n`).join('');

describe('hardening chain pull', () => {
  const scene = useUploadScene({});
  const stored = chainOf('build', 'canary', 'promote', 'freeze', 'verify');

  async function pull(
    backendUrl: string,
    extra: string[] = [],
    env: Record<string, string> = { HARDENING_ID_TOKEN: ID_TOKEN },
  ) {
    const io = memoryIo({ cwd: scene.dir, env });
    const code = await run(
      [
        'chain',
        'pull',
        '--file',
        'release/audit.jsonl',
        '--entity',
        'payments-api',
        '--backend-url',
        backendUrl,
        '--retries',
        '0',
        ...extra,
      ],
      io.io,
    );
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }
  const file = () => join(scene.dir, 'release', 'audit.jsonl');
  const leftovers = async () =>
    (await readdir(join(scene.dir, 'release'))).filter(
      name => name !== 'audit.jsonl',
    );

  it('pages through the stored chain oldest first with the CI token and writes one entry per line', async () => {
    const backend = await scene.server(pages(stored, 2));
    const pulled = await pull(backend.url);
    expect(pulled).toEqual({
      code: EXIT.OK,
      stdout: `release/audit.jsonl: 5 entries of the stored chain of component:default/payments-api, head seq 4 hash ${stored[4].hash}\n`,
      stderr: '',
    });
    expect(await readFile(file(), 'utf8')).toBe(toJsonl(stored));
    expect(await leftovers()).toEqual([]);

    expect(
      backend.requests.map(r => `${r.method} ${r.url.pathname}${r.url.search}`),
    ).toEqual([
      'GET /api/hardening/entities/component/default/payments-api/audit-chain?order=asc&limit=200',
      'GET /api/hardening/entities/component/default/payments-api/audit-chain?order=asc&limit=200&cursor=c1',
      'GET /api/hardening/entities/component/default/payments-api/audit-chain?order=asc&limit=200&cursor=c3',
    ]);
    expect(backend.requests[0].headers.authorization).toBe(
      `Bearer ${ID_TOKEN}`,
    );

    // The file verifies and continues like any other.
    const io = memoryIo({ cwd: scene.dir });
    expect(await run(['chain', 'verify', 'release/audit.jsonl'], io.io)).toBe(
      EXIT.OK,
    );
  });

  it('continues a file that is a prefix of the stored chain, and writes an empty file for an empty chain', async () => {
    const backend = await scene.server(pages(stored, 200));
    await mkdir(join(scene.dir, 'release'));
    await writeFile(file(), toJsonl(stored.slice(0, 3)));
    const pulled = await pull(backend.url);
    expect(pulled.code).toBe(EXIT.OK);
    expect(pulled.stdout).toContain(
      'release/audit.jsonl: 5 entries of the stored chain of component:default/payments-api (the file had the first 3), head seq 4',
    );
    expect(await readFile(file(), 'utf8')).toBe(toJsonl(stored));

    const empty = await scene.server(pages([], 200));
    await writeFile(file(), '');
    const none = await pull(empty.url);
    expect(none.stdout).toBe(
      'release/audit.jsonl: 0 entries of the stored chain of component:default/payments-api, no entries\n',
    );
    expect(await readFile(file(), 'utf8')).toBe('');
  });

  it('refuses to overwrite a file that is not a prefix of the stored chain unless --force, and says so', async () => {
    await mkdir(join(scene.dir, 'release'));
    const backend = await scene.server(pages(stored, 200));
    const cases: Array<[AuditChainEntry[], string]> = [
      [
        // Steps appended after the last upload, before the freeze was pulled.
        chainOf('build', 'canary', 'promote', 'rollback'),
        "release/audit.jsonl:4: the file's entry seq 3 (hash",
      ],
      [
        chainOf('build', 'canary', 'promote', 'freeze', 'verify', 'promote'),
        "release/audit.jsonl:6: the file goes on after the stored chain's 5 entries",
      ],
    ];
    for (const [local, why] of cases) {
      await writeFile(file(), toJsonl(local));
      const refused = await pull(backend.url);
      expect(refused.code).toBe(EXIT.CHECK_FAILED);
      expect(refused.stderr).toContain(`hardening: ${why}`);
      expect(refused.stderr).toContain(
        'so it is not a prefix of the stored chain and pulling would lose what only the file has; nothing was written. Upload the file first (hardening upload audit-chain), or pass --force to replace it with the stored chain\n',
      );
      expect(await readFile(file(), 'utf8')).toBe(toJsonl(local));
      expect(await leftovers()).toEqual([]);
    }

    // An edited file is not a prefix either, even before anything is asked.
    const edited = toJsonl(stored.slice(0, 2)).replace('canary', 'promote');
    await writeFile(file(), edited);
    const before = backend.requests.length;
    const broken = await pull(backend.url);
    expect(broken.code).toBe(EXIT.CHECK_FAILED);
    expect(broken.stderr).toMatch(
      /^hardening: release\/audit\.jsonl:2: the file's chain is broken \(hash-mismatch: /,
    );
    expect(backend.requests.length).toBe(before);

    const forced = await pull(backend.url, ['--force']);
    expect(forced.code).toBe(EXIT.OK);
    expect(await readFile(file(), 'utf8')).toBe(toJsonl(stored));
  });

  it('writes nothing when the stored chain does not verify or the backend refuses', async () => {
    const tampered = stored.map((entry, i) =>
      i === 2 ? { ...entry, actor: 'someone-else' } : entry,
    );
    const broken = await pull((await scene.server(pages(tampered, 200))).url);
    expect(broken.code).toBe(EXIT.CHECK_FAILED);
    expect(broken.stderr).toMatch(
      /^hardening: the stored chain of component:default\/payments-api does not verify at seq 2 \(hash-mismatch\): .*; nothing was written\n$/,
    );

    const refused = await pull(
      (
        await scene.server([
          json(403, {
            error: {
              name: 'NotAllowedError',
              message:
                'A CI token of northwind/ledger-service may not upload to component:default/payments-api: …',
            },
          }),
        ])
      ).url,
    );
    expect(refused.code).toBe(EXIT.REJECTED);
    expect(refused.stderr).toContain(
      'the backend refused the request (403): NotAllowedError: A CI token of northwind/ledger-service may not upload to component:default/payments-api',
    );
    // Not even the file's directory.
    expect(await readdir(scene.dir)).toEqual([]);
  });

  it('follows no redirect, sends no token over plain http to another machine, and needs a credential', async () => {
    const redirecting = await scene.server([
      (_req, res) => {
        res.writeHead(302, { location: 'https://login.example.com/sso' });
        res.end();
      },
    ]);
    const redirected = await pull(redirecting.url);
    expect(redirected.code).toBe(EXIT.REJECTED);
    expect(redirected.stderr).toContain(
      'answered 302 redirecting to https://login.example.com/sso; redirects are not followed (the token would go along)',
    );
    expect(redirecting.requests).toHaveLength(1);

    const insecure = await pull('http://backstage.example.com');
    expect(insecure.code).toBe(EXIT.USAGE);
    expect(insecure.stderr).toContain(
      'refusing to send the token over plain http:// to backstage.example.com',
    );

    const anonymous = await pull(redirecting.url, [], {});
    expect(anonymous.code).toBe(EXIT.USAGE);
    expect(anonymous.stderr).toContain('no credentials for the backend');
  });
});
