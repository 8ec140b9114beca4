import { InputError } from '@backstage/errors';
import {
  checkpointOrigin,
  CheckpointCosignature,
  ConsistencyProof,
  CosignatureUploadResult,
  equalBytes,
  formatKeyId,
  formatCheckpoint,
  FreezeWitnessStatus,
  InclusionProof,
  ListedCosignature,
  inclusionProofRanges,
  consistencyProofRanges,
  LeafRange,
  NoteError,
  noteSigner,
  noteVerifier,
  openSignedNote,
  parseCheckpoint,
  SignerKey,
  signNote,
  TransparencyStatus,
  verifyCosignature,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { MerkleTreeStore } from './MerkleTreeStore';
import { refsTable } from '../database/entityRefScope';
import { hexOf } from './nodeBytes';
import { TransparencySettings } from './transparencySettings';

const CHECKPOINTS = 'audit_chain_checkpoints';
const COSIGNATURES = 'audit_chain_cosignatures';
/** A cosignature dated further ahead than this is refused. */
const MAX_CLOCK_SKEW_SECONDS = 300;

type CheckpointRow = {
  entity_ref: string;
  tree_size: number | string;
  key_id: string;
  key_name: string;
  root_hash: string;
  note: string;
  signed_at: Date | string | number;
};

type CosignatureRow = {
  witness: string;
  key_id: string;
  tree_size: number | string;
  cosigned_at: Date | string | number;
  line: string;
};

const iso = (at: Date | string | number) =>
  (at instanceof Date ? at : new Date(at)).toISOString();

/** The latest signed checkpoint of an entity and the cosignatures of its tree size. */
export type LatestCheckpoint = {
  treeSize: number;
  rootHash: string;
  /** The checkpoint note with the log's signature and the stored cosignature lines. */
  note: string;
  signedAt: string;
  keyName: string;
  keyId: string;
};

/**
 * The transparency log of every entity's audit chain: its Merkle tree, the checkpoints
 * the backend signs (one after every append, and one on request for a tree size or key
 * that has none yet, e.g. after a key rotation), proofs, and witness cosignatures.
 */
export class TransparencyLog {
  readonly tree: MerkleTreeStore;
  private readonly keyId: string;
  /** The tree size last read per entity: the first guess of a proof of the current tree. */
  private readonly lastSizes = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    private readonly options: {
      db: Knex;
      signer: SignerKey;
      settings: TransparencySettings;
      clock: () => Date;
    },
  ) {
    this.tree = new MerkleTreeStore(options.db);
    this.keyId = formatKeyId(options.signer.keyId);
  }

  /** The checkpoint origin of an entity's log. */
  origin(entityRef: string): string {
    return checkpointOrigin(this.options.settings.baseUrl, entityRef);
  }

  /** The verifier key of the checkpoint signatures. */
  publicKey(): string {
    return this.options.signer.verifierKey;
  }

  /**
   * Signs and stores the checkpoint of a tree size (idempotent: Ed25519 signatures are
   * deterministic, a second signer of the same size stores nothing new).
   */
  async signCheckpoint(
    db: Knex | Knex.Transaction,
    entityRef: string,
    size: number,
    root: Uint8Array,
  ): Promise<void> {
    const { signer, clock } = this.options;
    const text = formatCheckpoint({
      origin: this.origin(entityRef),
      size,
      rootHash: root,
      extensions: [],
    });
    await db(CHECKPOINTS)
      .insert({
        entity_ref: entityRef,
        tree_size: size,
        key_id: this.keyId,
        key_name: signer.name,
        root_hash: hexOf(root),
        note: signNote(text, [noteSigner(signer)]),
        signed_at: clock(),
      })
      .onConflict(['entity_ref', 'tree_size', 'key_id'])
      .ignore();
  }

  /** The number of entries (leaves) of an entity's stored chain. */
  async treeSize(
    entityRef: string,
    db: Knex | Knex.Transaction = this.options.db,
  ): Promise<number> {
    const head = await db('audit_chain_heads')
      .where({ entity_ref: entityRef })
      .first('seq');
    return head ? Number(head.seq) + 1 : 0;
  }

  /** The checkpoint of the current tree, signed now when it has none with this key. */
  async latest(entityRef: string): Promise<LatestCheckpoint> {
    const { db } = this.options;
    const size = await this.treeSize(entityRef);
    const find = () =>
      db(CHECKPOINTS)
        .where({ entity_ref: entityRef, tree_size: size, key_id: this.keyId })
        .first() as Promise<CheckpointRow | undefined>;
    let row = await find();
    if (!row) {
      const root = await this.tree.rootAt(db, entityRef, size);
      await this.signCheckpoint(db, entityRef, size, root);
      row = (await find())!;
    }
    const cosignatures: Pick<CosignatureRow, 'witness' | 'key_id' | 'line'>[] =
      await db(COSIGNATURES)
        .where({ entity_ref: entityRef, tree_size: size })
        .orderBy(['witness', 'key_id'])
        .select('witness', 'key_id', 'line');
    // Only witnesses config names now: a key removed from config (or replaced by a new
    // key of the same name) no longer vouches for the log, its stored lines are kept.
    const lines = cosignatures.filter(c => this.isConfiguredWitness(c));
    return {
      treeSize: size,
      rootHash: row.root_hash,
      note: row.note + lines.map(l => `${l.line}\n`).join(''),
      signedAt: iso(row.signed_at),
      keyName: row.key_name,
      keyId: row.key_id,
    };
  }

  /** The latest checkpoint and who vouched for it. */
  async status(entityRef: string): Promise<TransparencyStatus> {
    const latest = await this.latest(entityRef);
    return {
      checkpoint: latest.note,
      origin: this.origin(entityRef),
      treeSize: latest.treeSize,
      rootHash: latest.rootHash,
      signedAt: latest.signedAt,
      signer: { name: latest.keyName, keyId: latest.keyId },
      publicKey: this.publicKey(),
      cosignatures: await this.listedCosignatures(entityRef),
      witnessKeys: this.options.settings.witnesses.map(w => w.text),
      requiredWitnesses: this.options.settings.freezeRequiresWitnesses,
    };
  }

  /** Whether a stored cosignature is of a witness key config names now. */
  private isConfiguredWitness(row: Pick<CosignatureRow, 'witness' | 'key_id'>) {
    return this.options.settings.witnesses.some(
      w => w.name === row.witness && formatKeyId(w.keyId) === row.key_id,
    );
  }

  /**
   * The latest cosignature of each configured witness with its line and the root of the
   * tree size it cosigned: what a browser verifies it with.
   */
  private async listedCosignatures(
    entityRef: string,
  ): Promise<ListedCosignature[]> {
    const { db } = this.options;
    const latest = await this.latestCosignatures(entityRef);
    return Promise.all(
      latest.map(async c => ({
        ...c,
        rootHash: hexOf(await this.tree.rootAt(db, entityRef, c.treeSize)),
      })),
    );
  }

  /**
   * The latest cosignature of each configured witness (name and key id as config has
   * them now): the largest tree size it cosigned and its line (one query).
   */
  async latestCosignatures(
    entityRef: string,
    db: Knex | Knex.Transaction = this.options.db,
  ): Promise<Array<CheckpointCosignature & { line: string }>> {
    const { freezeRequiresWitnesses } = this.options.settings;
    const rows: CosignatureRow[] = await db(`${COSIGNATURES} as c`)
      .where('c.entity_ref', entityRef)
      .whereNotExists(
        db(`${COSIGNATURES} as later`)
          .whereRaw('later.entity_ref = c.entity_ref')
          .whereRaw('later.witness = c.witness')
          .whereRaw('later.key_id = c.key_id')
          .whereRaw('later.tree_size > c.tree_size')
          .select(db.raw('1')),
      )
      .orderBy('c.witness')
      .select(
        'c.witness',
        'c.key_id',
        'c.tree_size',
        'c.cosigned_at',
        'c.line',
      );
    return rows
      .filter(row => this.isConfiguredWitness(row))
      .map(row => ({
        witness: row.witness,
        keyId: row.key_id,
        treeSize: Number(row.tree_size),
        cosignedAt: iso(row.cosigned_at),
        requiredForFreeze: freezeRequiresWitnesses.includes(row.witness),
        line: row.line,
      }));
  }

  /**
   * The witnesses a freeze requires and the largest tree size each cosigned, against the
   * current tree size, read through `db` (e.g. the freeze's transaction); `undefined`
   * when config requires none.
   */
  async freezeWitnessStatus(
    entityRef: string,
    db: Knex | Knex.Transaction = this.options.db,
  ): Promise<FreezeWitnessStatus | undefined> {
    return (await this.freezeWitnessStatuses([entityRef], db))?.get(entityRef);
  }

  /**
   * {@link freezeWitnessStatus} of many entities in one query (their tree sizes and the
   * largest size each required witness's configured key cosigned), e.g. for a scorecard
   * of thousands of entities; `undefined`, without a query, when config requires none.
   */
  async freezeWitnessStatuses(
    entityRefs: readonly string[],
    db: Knex | Knex.Transaction = this.options.db,
  ): Promise<Map<string, FreezeWitnessStatus> | undefined> {
    const { freezeRequiresWitnesses: required, witnesses } =
      this.options.settings;
    if (required.length === 0) return undefined;
    const refs = [...new Set(entityRefs)];
    const out = new Map<string, FreezeWitnessStatus>();
    if (refs.length === 0) return out;
    const rows: Array<{
      entity_ref: string;
      head_seq: number | string | null;
      witness: string | null;
      key_id: string | null;
      cosigned_size: number | string | null;
    }> = await db
      .from(refsTable(db, refs))
      .leftJoin({ h: 'audit_chain_heads' }, 'h.entity_ref', 's.value')
      .leftJoin({ c: COSIGNATURES }, join =>
        join.on('c.entity_ref', 's.value').andOnIn('c.witness', required),
      )
      .groupBy('s.value', 'h.seq', 'c.witness', 'c.key_id')
      .select({
        entity_ref: 's.value',
        head_seq: 'h.seq',
        witness: 'c.witness',
        key_id: 'c.key_id',
      })
      .max({ cosigned_size: 'c.tree_size' });
    // The key id config gives each required witness now: only its cosignatures count.
    const keyIds = new Map(
      witnesses.map(w => [w.name, formatKeyId(w.keyId)] as const),
    );
    const cosigned = new Map<string, number>();
    for (const row of rows) {
      const size = row.cosigned_size;
      if (
        row.witness &&
        size !== null &&
        keyIds.get(row.witness) === row.key_id
      ) {
        cosigned.set(`${row.entity_ref}\n${row.witness}`, Number(size));
      }
    }
    for (const row of rows) {
      if (out.has(row.entity_ref)) continue;
      out.set(row.entity_ref, {
        treeSize: row.head_seq === null ? 0 : Number(row.head_seq) + 1,
        required: required.map(witness => ({
          witness,
          cosignedSize: cosigned.get(`${row.entity_ref}\n${witness}`) ?? null,
        })),
      });
    }
    return out;
  }

  /**
   * The required witnesses that have not cosigned the current tree, read through `db`
   * (the freeze's transaction).
   */
  async missingFreezeWitnesses(
    entityRef: string,
    db: Knex | Knex.Transaction,
  ): Promise<Array<{ witness: string; cosignedSize?: number }>> {
    const status = await this.freezeWitnessStatus(entityRef, db);
    return (status?.required ?? []).flatMap(({ witness, cosignedSize }) =>
      cosignedSize === status!.treeSize
        ? []
        : [{ witness, cosignedSize: cosignedSize ?? undefined }],
    );
  }

  /** The inclusion proof of entry `seq` in the tree of `treeSize` (default: current). */
  async inclusionProof(
    entityRef: string,
    seq: number,
    treeSize?: number,
  ): Promise<InclusionProof> {
    const { size, hashes } = await this.readProof(
      entityRef,
      treeSize,
      (proofSize, current) => {
        if (current === 0) {
          throw new InputError(`${entityRef} has no audit chain entries yet`);
        }
        if (proofSize < 1 || proofSize > current) {
          throw new InputError(
            `treeSize must be between 1 and the current tree size ${current}, not ${proofSize}`,
          );
        }
        if (seq >= proofSize) {
          throw new InputError(
            `seq ${seq} is not in the tree of size ${proofSize} (its entries are seq 0 to ${
              proofSize - 1
            })`,
          );
        }
      },
      proofSize =>
        seq < proofSize
          ? [
              { begin: seq, end: seq + 1 },
              ...inclusionProofRanges(seq, proofSize),
            ]
          : undefined,
    );
    const [leafHash, ...path] = hashes;
    return {
      leafIndex: seq,
      treeSize: size,
      leafHash: hexOf(leafHash),
      hashes: path.map(hexOf),
    };
  }

  /** The consistency proof from the tree of `from` entries to `to` (default: current). */
  async consistencyProof(
    entityRef: string,
    from: number,
    to?: number,
  ): Promise<ConsistencyProof> {
    const { size, hashes } = await this.readProof(
      entityRef,
      to,
      (end, current) => {
        if (from > end) {
          throw new InputError(
            `from (${from}) must not be larger than to (${end})`,
          );
        }
        if (end > current) {
          throw new InputError(
            `to must not exceed the current tree size ${current}, not ${end}`,
          );
        }
      },
      end => (from <= end ? consistencyProofRanges(from, end) : undefined),
    );
    return { from, to: size, hashes: hashes.map(hexOf) };
  }

  /**
   * Reads a proof of the tree of `asked` leaves (default: the current tree) in one
   * statement that also reads the current size (see `MerkleTreeStore.readRanges`), then
   * `check`s the size against it before folding the hashes. Without `asked`, the size
   * last seen for the entity is tried first; when the tree has grown since, the proof is
   * read again for the current size (the answer is never of a stale size).
   */
  private async readProof(
    entityRef: string,
    asked: number | undefined,
    check: (size: number, current: number) => void,
    ranges: (size: number) => LeafRange[] | undefined,
  ): Promise<{ size: number; hashes: Uint8Array[] }> {
    const read = async (size: number | undefined) => {
      const wanted = size !== undefined && size >= 1 ? ranges(size) : undefined;
      const answer = wanted
        ? await this.tree.readRanges(entityRef, wanted)
        : { current: await this.treeSize(entityRef), hashes: undefined };
      this.lastSizes.set(entityRef, answer.current);
      return answer;
    };
    let size = asked ?? this.lastSizes.get(entityRef);
    let answer = await read(size);
    if (asked === undefined && size !== answer.current) {
      size = answer.current;
      answer = await read(size);
    }
    check(size!, answer.current);
    return { size: size!, hashes: answer.hashes!() };
  }

  /**
   * Stores the cosignatures of configured witnesses found in a checkpoint note the
   * backend signed for this entity. `InputError` when the note is not such a checkpoint,
   * a configured witness's line does not verify, or no line is of a configured witness.
   */
  async addCosignatures(
    entityRef: string,
    note: string,
    receivedFrom: string,
  ): Promise<CosignatureUploadResult> {
    const { db, signer, settings, clock } = this.options;
    let text: string;
    let lines;
    try {
      const opened = openSignedNote(note, [noteVerifier(signer.verifierKey)]);
      text = opened.text;
      lines = opened.unknown;
    } catch (error) {
      if (error instanceof NoteError) {
        throw new InputError(
          `Not a checkpoint this backend signed with its current key: ${error.message}`,
        );
      }
      throw error;
    }
    const checkpoint = (() => {
      try {
        return parseCheckpoint(text);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
    })();
    if (checkpoint.origin !== this.origin(entityRef)) {
      throw new InputError(
        `The checkpoint is of ${checkpoint.origin}, not of ${this.origin(
          entityRef,
        )}`,
      );
    }
    const current = await this.treeSize(entityRef);
    if (checkpoint.size > current) {
      throw new InputError(
        `The checkpoint's tree size ${checkpoint.size} is larger than the stored tree (${current})`,
      );
    }
    const root = await this.tree.rootAt(db, entityRef, checkpoint.size);
    if (!equalBytes(root, checkpoint.rootHash)) {
      throw new InputError(
        `The checkpoint's root hash is not the root of the stored tree of size ${checkpoint.size}`,
      );
    }
    const now = clock();
    const rows = lines.flatMap(line => {
      const witness = settings.witnesses.find(
        w => w.name === line.name && w.keyId === line.keyId,
      );
      if (!witness) return [];
      const timestamp = verifyCosignature(text, line, witness);
      if (timestamp === undefined) {
        throw new InputError(
          `The cosignature of ${line.name} does not verify against its configured key`,
        );
      }
      if (timestamp > now.getTime() / 1000 + MAX_CLOCK_SKEW_SECONDS) {
        throw new InputError(
          `The cosignature of ${line.name} is dated in the future (${new Date(
            timestamp * 1000,
          ).toISOString()})`,
        );
      }
      return [
        {
          entity_ref: entityRef,
          witness: line.name,
          key_id: formatKeyId(line.keyId),
          tree_size: checkpoint.size,
          cosigned_at: new Date(timestamp * 1000),
          line: line.line,
          received_at: now,
          received_from: receivedFrom.slice(0, 255),
        },
      ];
    });
    if (rows.length === 0) {
      throw new InputError(
        `The note holds no cosignature of a configured witness (configured: ${
          settings.witnesses.map(w => w.name).join(', ') || 'none'
        })`,
      );
    }
    await db(COSIGNATURES)
      .insert(rows)
      .onConflict(['entity_ref', 'witness', 'key_id', 'tree_size'])
      .ignore();
    const { freezeRequiresWitnesses } = settings;
    return {
      treeSize: checkpoint.size,
      stored: rows.map(row => ({
        witness: row.witness,
        keyId: row.key_id,
        treeSize: row.tree_size,
        cosignedAt: row.cosigned_at.toISOString(),
        requiredForFreeze: freezeRequiresWitnesses.includes(row.witness),
      })),
    };
  }
}
