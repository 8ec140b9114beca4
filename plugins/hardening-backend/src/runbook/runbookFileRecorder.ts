import { Entity } from '@backstage/catalog-model';
import { BoundedMap } from '../database/boundedMap';
import {
  RecordedRunbookFile,
  RunbookFileStore,
} from '../database/RunbookFileStore';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { refOf } from '../catalog';

/** Most entities whose last recorded runbook files this process remembers. */
const MAX_REMEMBERED_ENTITIES = 10_000;

/**
 * Records the review facts of an entity's annotated runbooks, skipping the store while
 * they are what this process recorded last for the entity: a runbook page viewed again
 * and again writes once. Every write moves the entity's evidence version, so that
 * scorecards see the change.
 */
export class RunbookFileRecorder {
  /** Entity ref → fingerprint of the files recorded last. */
  readonly #fingerprints = new BoundedMap<string, string>(
    MAX_REMEMBERED_ENTITIES,
  );

  constructor(
    private readonly store: RunbookFileStore,
    private readonly clock: () => Date,
  ) {}

  /**
   * Records the files unless this process recorded the same ones last for the entity
   * (`force` records anyway). An entity this process has not recorded yet that names no
   * runbooks is taken to have no rows: the refresh task deletes the rows of entities
   * whose annotation is gone. Answers whether the stored rows changed.
   */
  async record(
    entity: Entity,
    files: RecordedRunbookFile[],
    options: { force?: boolean } = {},
  ): Promise<boolean> {
    const ref = refOf(entity);
    const fingerprint = sha256Hex(JSON.stringify(files));
    const previous =
      this.#fingerprints.get(ref) ??
      (files.length === 0 ? fingerprint : undefined);
    if (!options.force && previous === fingerprint) return false;
    const changed = await this.store.recordEntity(ref, files, this.clock());
    this.#fingerprints.set(ref, fingerprint);
    return changed;
  }
}
