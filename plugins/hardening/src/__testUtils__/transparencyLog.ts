import {
  canonicalEntryContent,
  consistencyProofRanges,
  cosignCheckpoint,
  ED25519_COSIGNATURE_TYPE,
  ED25519_NOTE_TYPE,
  entryLeafHash,
  formatCheckpoint,
  formatKeyId,
  formatSignerKey,
  inclusionProofRanges,
  ListedCosignature,
  merkleHasher,
  noteSigner,
  parseSignerKey,
  rootOfLeafHashes,
  signNote,
  toHex,
  TransparencyStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { http, HttpResponse } from 'msw';
import {
  baseUrl,
  ENTITY_NAME,
  entityUrl,
  errorResponse,
} from './renderWithEntity';

const hasher = merkleHasher();

/** A note key from a fixed seed byte: the same key on every run. */
export function testNoteKey(
  name: string,
  seedByte: number,
  type:
    | typeof ED25519_NOTE_TYPE
    | typeof ED25519_COSIGNATURE_TYPE = ED25519_NOTE_TYPE,
) {
  const signerKey = formatSignerKey(
    name,
    type,
    new Uint8Array(32).fill(seedByte),
  );
  const parsed = parseSignerKey(signerKey);
  return {
    signerKey,
    verifierKey: parsed.verifierKey,
    keyId: parsed.keyId.toString(16).padStart(8, '0'),
  };
}

/** The backend's log key in these tests. */
export const LOG_KEY = testNoteKey('backend.test/hardening', 1);

/** The origin of an entity's log, as the backend at `baseUrl` names it. */
export function logOrigin(name: string = ENTITY_NAME) {
  return `${new URL(baseUrl).host}/hardening/component:default/${name}`;
}

/** A stored entry, as far as its leaf goes: its place and content. */
type Leaf = { seq: number; entry: Record<string, unknown> };

/** The leaf hashes of stored entries, computed as the backend does. */
export function leafHashes(entries: readonly Leaf[]) {
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map(e => entryLeafHash(hasher, canonicalEntryContent(e.entry)));
}

function rangeHash(leaves: Uint8Array[], begin: number, end: number) {
  return toHex(rootOfLeafHashes(hasher, leaves.slice(begin, end)));
}

/**
 * An entity's transparency log built from its stored entries: a signed checkpoint of
 * its first `size` leaves (cosigned by `witnesses`), and its proofs, computed from the
 * whole tree the way the backend would.
 */
export function buildLog(
  entries: readonly Leaf[],
  options: {
    size?: number;
    origin?: string;
    signerKey?: string;
    signedAt?: string;
    /**
     * Witnesses' cosignatures of the checkpoint of `treeSize` leaves (default: the
     * checkpoint's size), listed as the backend lists them; those of the checkpoint's
     * size also ride in its note.
     */
    witnesses?: Array<{
      signerKey: string;
      timestamp: number;
      treeSize?: number;
      requiredForFreeze?: boolean;
    }>;
    /** Further listed cosignatures, written by hand (e.g. of keys nobody has). */
    cosignatures?: ListedCosignature[];
    /** The witness keys the backend lists (default: those of `witnesses`). */
    witnessKeys?: string[];
    requiredWitnesses?: string[];
  } = {},
) {
  const leaves = leafHashes(entries);
  const size = options.size ?? leaves.length;
  const rootHash = rootOfLeafHashes(hasher, leaves.slice(0, size));
  const text = formatCheckpoint({
    origin: options.origin ?? logOrigin(),
    size,
    rootHash,
    extensions: [],
  });
  const signed = signNote(text, [
    noteSigner(options.signerKey ?? LOG_KEY.signerKey),
  ]);
  const origin = options.origin ?? logOrigin();
  const listed = (options.witnesses ?? []).map((w): ListedCosignature => {
    const treeSize = w.treeSize ?? size;
    const root = rootOfLeafHashes(hasher, leaves.slice(0, treeSize));
    const key = parseSignerKey(w.signerKey);
    return {
      witness: key.name,
      keyId: formatKeyId(key.keyId),
      treeSize,
      cosignedAt: new Date(w.timestamp * 1000).toISOString(),
      requiredForFreeze: w.requiredForFreeze ?? false,
      rootHash: toHex(root),
      line: cosignCheckpoint(
        formatCheckpoint({
          origin,
          size: treeSize,
          rootHash: root,
          extensions: [],
        }),
        w.signerKey,
        w.timestamp,
      ),
    };
  });
  const cosignatureLines = listed
    .filter(c => c.treeSize === size)
    .map(c => `${c.line}\n`);
  const signerKey = parseSignerKey(options.signerKey ?? LOG_KEY.signerKey);
  const status: TransparencyStatus = {
    checkpoint: signed + cosignatureLines.join(''),
    origin: options.origin ?? logOrigin(),
    treeSize: size,
    rootHash: toHex(rootHash),
    signedAt: options.signedAt ?? '2026-11-22T09:00:00.000Z',
    signer: {
      name: signerKey.name,
      keyId: signerKey.keyId.toString(16).padStart(8, '0'),
    },
    publicKey: signerKey.verifierKey,
    cosignatures: [...listed, ...(options.cosignatures ?? [])],
    witnessKeys:
      options.witnessKeys ??
      (options.witnesses ?? []).map(
        w => parseSignerKey(w.signerKey).verifierKey,
      ),
    requiredWitnesses: options.requiredWitnesses ?? [],
  };
  return {
    status,
    leaves,
    inclusionProof(seq: number, treeSize: number) {
      return {
        leafIndex: seq,
        treeSize,
        leafHash: toHex(leaves[seq]),
        hashes: inclusionProofRanges(seq, treeSize).map(r =>
          rangeHash(leaves, r.begin, r.end),
        ),
      };
    },
    consistencyProof(from: number, to: number) {
      return {
        from,
        to,
        hashes: consistencyProofRanges(from, to).map(r =>
          rangeHash(leaves, r.begin, r.end),
        ),
      };
    },
  };
}

export type TestLog = ReturnType<typeof buildLog>;

/**
 * msw handlers answering the transparency routes of an entity from `log`, with
 * `publicKey` served as the log's key (the log's own unless a test says otherwise).
 * Records the inclusion proofs asked for as `seq@treeSize`.
 */
export function transparencyHandlers(
  log: TestLog,
  options: { name?: string; publicKey?: string } = {},
) {
  const url = entityUrl(options.name);
  const proofRequests: string[] = [];
  const handlers = [
    http.get(`${url}/audit-chain/transparency`, () =>
      HttpResponse.json(log.status),
    ),
    http.get(`${baseUrl}/transparency/public-key`, () =>
      HttpResponse.text(`${options.publicKey ?? LOG_KEY.verifierKey}\n`),
    ),
    http.get(`${url}/audit-chain/proof/inclusion`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const seq = Number(query.get('seq'));
      const treeSize = Number(query.get('treeSize'));
      proofRequests.push(`${seq}@${treeSize}`);
      if (
        !Number.isInteger(seq) ||
        !Number.isInteger(treeSize) ||
        seq < 0 ||
        seq >= treeSize ||
        treeSize > log.status.treeSize
      ) {
        return errorResponse(400, 'seq or treeSize out of range');
      }
      return HttpResponse.json(log.inclusionProof(seq, treeSize));
    }),
    http.get(`${url}/audit-chain/proof/consistency`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const from = Number(query.get('from'));
      const to = Number(query.get('to') ?? log.status.treeSize);
      if (!(from >= 1 && from <= to && to <= log.status.treeSize)) {
        return errorResponse(400, 'from or to out of range');
      }
      return HttpResponse.json(log.consistencyProof(from, to));
    }),
  ];
  return { handlers, proofRequests };
}
