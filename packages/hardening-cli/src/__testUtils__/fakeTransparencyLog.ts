import {
  AuditChainEntry,
  canonicalEntryContent,
  checkpointOrigin,
  computeEntryHash,
  consistencyProofRanges,
  cosignatureUploadResultSchema,
  ED25519_NOTE_TYPE,
  entryLeafHash,
  formatCheckpoint,
  formatSignerKey,
  formatVerifierKey,
  GENESIS_PREV_HASH,
  inclusionProofRanges,
  merkleHasher,
  noteSigner,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  parseSignerKey,
  rootOfLeafHashes,
  signNote,
  toHex,
  verifyCosignature,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { sha256Hex } from '../sha256Hex';
import { Responder } from './recordingServer';

const hasher = merkleHasher();

/** A fixed key pair of `type` from a one-byte seed, so that tests are deterministic. */
export function fixedKey(name: string, type: number, seedByte: number) {
  const seed = new Uint8Array(32).fill(seedByte);
  const signerKey = formatSignerKey(
    name,
    type as typeof ED25519_NOTE_TYPE,
    seed,
  );
  const { publicKey } = parseSignerKey(signerKey);
  return {
    signerKey,
    verifierKey: formatVerifierKey(
      name,
      type as typeof ED25519_NOTE_TYPE,
      publicKey,
    ),
  };
}

/** An audit chain of `actions`, hashed with the backend's rule. */
export function chainOf(...actions: string[]): AuditChainEntry[] {
  const entries: AuditChainEntry[] = [];
  let prevHash = GENESIS_PREV_HASH;
  actions.forEach((action, i) => {
    const unsigned = {
      action,
      // A minute apart from 10:00 on.
      timestamp: `2026-11-20T${10 + Math.floor(i / 60)}:${String(
        i % 60,
      ).padStart(2, '0')}:00Z`,
      actor: 'release-bot',
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

/** The hash of the range's subtree: MTH of its leaves. */
function rangeHash(
  leaves: Uint8Array[],
  range: { begin: number; end: number },
) {
  return toHex(rootOfLeafHashes(hasher, leaves.slice(range.begin, range.end)));
}

/**
 * A stand-in for the backend's transparency routes of one entity, computing proofs and
 * signing checkpoints with the shared -common code: `entries` is the log (change it to
 * grow or rewrite the log), `listed` what the chain listing serves (by default the
 * log's entries), `witnesses` the verifier keys cosignatures are accepted from.
 */
export function fakeTransparencyLog(
  options: {
    entityRef?: string;
    baseUrl?: string;
    entries?: AuditChainEntry[];
    witnesses?: string[];
    /** Seed byte of the log's key (another byte: another key of the same name). */
    keySeed?: number;
  } = {},
) {
  const entityRef = options.entityRef ?? 'component:default/payments-api';
  const baseUrl = options.baseUrl ?? 'https://backstage.example.com';
  const logKey = fixedKey(
    `${new URL(baseUrl).host}/hardening`,
    ED25519_NOTE_TYPE,
    options.keySeed ?? 7,
  );
  const state = {
    entries: options.entries ?? [],
    listed: undefined as AuditChainEntry[] | undefined,
    witnesses: options.witnesses ?? [],
    /** Cosignature lines stored, by tree size. */
    cosignatures: new Map<number, string[]>(),
  };
  const origin = checkpointOrigin(baseUrl, entityRef);
  const leaves = () =>
    state.entries.map(e => entryLeafHash(hasher, canonicalEntryContent(e)));

  const checkpointText = (size: number) =>
    formatCheckpoint({
      origin,
      size,
      rootHash: rootOfLeafHashes(hasher, leaves().slice(0, size)),
      extensions: [],
    });

  /** The signed checkpoint of the first `size` entries, with stored cosignatures. */
  function checkpoint(size = state.entries.length): string {
    const signed = signNote(checkpointText(size), [
      noteSigner(logKey.signerKey),
    ]);
    const extra = state.cosignatures.get(size) ?? [];
    return extra.length
      ? `${signed}${extra.map(l => `${l}\n`).join('')}`
      : signed;
  }

  function inclusionProof(seq: number, treeSize = state.entries.length) {
    const all = leaves();
    return {
      leafIndex: seq,
      treeSize,
      leafHash: toHex(all[seq]),
      hashes: inclusionProofRanges(seq, treeSize).map(r => rangeHash(all, r)),
    };
  }

  function consistencyProof(from: number, to = state.entries.length) {
    const all = leaves();
    return {
      from,
      to,
      hashes: consistencyProofRanges(from, to).map(r => rangeHash(all, r)),
    };
  }

  /** What `POST …/checkpoint/cosignatures` does: checks, stores, answers. */
  function addCosignatures(
    note: string,
  ): z.input<typeof cosignatureUploadResultSchema> {
    const opened = openSignedNote(note, [noteVerifier(logKey.verifierKey)]);
    const { size } = parseCheckpoint(opened.text);
    if (opened.text !== checkpointText(size)) {
      throw new Error('not our checkpoint');
    }
    const stored = [];
    for (const line of opened.unknown) {
      const key = state.witnesses.find(k => k.startsWith(`${line.name}+`));
      const timestamp =
        key && verifyCosignature(opened.text, line, key) !== undefined
          ? verifyCosignature(opened.text, line, key)!
          : undefined;
      if (timestamp === undefined) continue;
      state.cosignatures.set(size, [
        ...(state.cosignatures.get(size) ?? []).filter(
          l => !l.startsWith(`\u2014 ${line.name} `),
        ),
        line.line,
      ]);
      stored.push({
        witness: line.name,
        keyId: line.keyId.toString(16).padStart(8, '0'),
        treeSize: size,
        cosignedAt: new Date(timestamp * 1000).toISOString(),
        requiredForFreeze: false,
      });
    }
    if (stored.length === 0) throw new Error('no configured witness');
    return { treeSize: size, stored };
  }

  const send = (
    res: Parameters<Responder>[1],
    status: number,
    type: string,
    body: string,
  ) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };

  /** Answers the entity's chain and transparency routes like the backend. */
  const responder: Responder = (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(
      /^\/api\/hardening\/entities\/[^/]+\/[^/]+\/[^/]+\/audit-chain/,
      '',
    );
    const size = state.entries.length;
    const param = (name: string) =>
      url.searchParams.has(name)
        ? Number(url.searchParams.get(name))
        : undefined;
    const json = (status: number, value: unknown) =>
      send(res, status, 'application/json', JSON.stringify(value));
    if (req.method === 'GET' && path === '/checkpoint') {
      send(res, 200, 'text/plain; charset=utf-8', checkpoint());
    } else if (req.method === 'GET' && path === '/proof/inclusion') {
      const seq = param('seq')!;
      const treeSize = param('treeSize') ?? size;
      if (seq >= treeSize || treeSize > size) {
        json(400, { error: { name: 'InputError', message: 'bad range' } });
      } else json(200, inclusionProof(seq, treeSize));
    } else if (req.method === 'GET' && path === '/proof/consistency') {
      const from = param('from')!;
      const to = param('to') ?? size;
      if (from < 1 || from > to || to > size) {
        json(400, { error: { name: 'InputError', message: 'bad range' } });
      } else json(200, consistencyProof(from, to));
    } else if (req.method === 'GET' && path === '') {
      // Pages as the backend does: `limit` entries after the cursor's `{"seq": …}`.
      const listed = state.listed ?? state.entries;
      const cursor = url.searchParams.get('cursor');
      const after = cursor
        ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
            .seq as number)
        : -1;
      const limit = param('limit') ?? 50;
      const items = listed
        .map((entry, seq) => ({ seq, entry }))
        .filter(item => item.seq > after);
      json(200, {
        items: items.slice(0, limit),
        ...(items.length > limit
          ? {
              nextCursor: Buffer.from(
                JSON.stringify({ seq: items[limit - 1].seq }),
              ).toString('base64url'),
            }
          : {}),
        head: listed.length
          ? { seq: listed.length - 1, hash: listed[listed.length - 1].hash }
          : null,
      });
    } else if (req.method === 'POST' && path === '/checkpoint/cosignatures') {
      try {
        json(201, addCosignatures(body.toString('utf8')));
      } catch (error) {
        json(400, {
          error: { name: 'InputError', message: (error as Error).message },
        });
      }
    } else {
      json(404, { error: { name: 'NotFoundError', message: path } });
    }
  };

  return {
    state,
    origin,
    logKey,
    checkpoint,
    inclusionProof,
    consistencyProof,
    responder,
  };
}
