import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RunbookFileStore } from '../database/RunbookFileStore';
import { quoteForLog } from '../quoteForLog';
import { RUNBOOKS_ANNOTATION } from '../triage/entitySource';
import { refOf } from '../catalog';
import { RunbookRefreshSchedule } from './runbookRefreshSettings';
import { RunbookService } from './RunbookService';

/** Id of the scheduled task; with `scope: 'global'` one replica runs it at a time. */
export const RUNBOOK_REFRESH_TASK_ID = 'hardening-runbook-refresh';

/** Most entities whose runbooks are read at the same time. */
export const RUNBOOK_REFRESH_CONCURRENCY = 4;

/**
 * What reading runbooks needs of an entity: its ref, the annotation naming its files and
 * the catalog locations they are read under.
 */
const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  `metadata.annotations.${RUNBOOKS_ANNOTATION}`,
  `metadata.annotations.${ANNOTATION_LOCATION}`,
  `metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`,
];

export type RunbookRefreshDeps = {
  runbooks: RunbookService;
  files: RunbookFileStore;
  catalog: CatalogService;
  auth: AuthService;
  logger?: LoggerService;
};

/** Counts of one refresh. */
export type RunbookRefreshResult = {
  /** Annotated entities in the catalog. */
  entities: number;
  /** Annotated runbooks read and recorded (those of failed entities are not counted). */
  runbooks: number;
  /** Of those, the ones that could not be resolved or read. */
  unreadable: number;
  /** Of the unreadable ones, those a `hardening.repositoryReads` rule refused. */
  refused: number;
  /** Entities whose rows changed. */
  changed: number;
  /** Entities that could not be refreshed (their rows are kept). */
  failed: number;
  /** Rows deleted because their entity no longer names runbooks. */
  forgotten: number;
};

/** Every catalog entity with the runbooks annotation, read page by page. */
async function annotatedEntities(deps: RunbookRefreshDeps): Promise<Entity[]> {
  const entities: Entity[] = [];
  const pages = deps.catalog.streamEntities(
    {
      filter: {
        [`metadata.annotations.${RUNBOOKS_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ENTITY_FIELDS,
    },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  for await (const page of pages) entities.push(...page);
  return entities;
}

/** Runs `fn` on every item, at most `limit` at a time. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await fn(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

/**
 * Reads the annotated runbooks of every catalog entity that names some (with the
 * plugin's own credentials, four entities at a time) and records their review facts;
 * then deletes the rows of every other entity. Each entity reads at most
 * `hardening.repositoryReads.maxFilesPerRequest` files; reads a rule refuses are recorded
 * with their error and logged, one warning per entity (each annotation path quoted and
 * cut by {@link quoteForLog}, since the entity's author wrote it). An entity that fails is logged
 * and counted and keeps its rows; a failing catalog query fails the run before anything
 * is deleted.
 */
export async function refreshRunbookFiles(
  deps: RunbookRefreshDeps,
): Promise<RunbookRefreshResult> {
  const { runbooks, files, logger } = deps;
  const entities = await annotatedEntities(deps);
  const refs = new Set<string>();
  const result: RunbookRefreshResult = {
    entities: 0,
    runbooks: 0,
    unreadable: 0,
    refused: 0,
    changed: 0,
    failed: 0,
    forgotten: 0,
  };
  await forEachLimited(entities, RUNBOOK_REFRESH_CONCURRENCY, async entity => {
    const ref = refOf(entity);
    if (refs.has(ref)) return;
    refs.add(ref);
    try {
      const outcome = await runbooks.refresh(entity);
      result.runbooks += outcome.runbooks;
      result.unreadable += outcome.unreadable;
      result.refused += outcome.refused.length;
      if (outcome.changed) result.changed += 1;
      if (outcome.refused.length > 0) {
        logger?.warn(
          `Runbook reads of ${ref} refused: ${outcome.refused
            .map(r => `${quoteForLog(r.path)}: ${r.error}`)
            .join('; ')}`,
        );
      }
    } catch (error) {
      result.failed += 1;
      logger?.warn(
        `Could not refresh the runbooks of ${ref}: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  });
  result.entities = refs.size;
  result.forgotten = await files.forgetEntitiesExcept([...refs]);
  logger?.info(
    `Hardening runbook refresh: ${result.entities} entities, ${result.runbooks} runbooks (${result.unreadable} unreadable, ${result.refused} of them refused by hardening.repositoryReads rules), ${result.changed} entities changed, ${result.failed} failed, ${result.forgotten} rows of entities without runbooks deleted`,
  );
  return result;
}

/**
 * Schedules the refresh through the scheduler service, globally (one replica at a
 * time, the scheduler's lock in the database), on the configured schedule.
 */
export async function scheduleRunbookRefresh(
  scheduler: SchedulerService,
  deps: RunbookRefreshDeps & { schedule: RunbookRefreshSchedule },
): Promise<void> {
  await scheduler.scheduleTask({
    id: RUNBOOK_REFRESH_TASK_ID,
    ...deps.schedule,
    scope: 'global',
    fn: async () => {
      await refreshRunbookFiles(deps);
    },
  });
}
