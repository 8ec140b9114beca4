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
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { refOf } from '../catalog';
import {
  DatabaseCodeownersStore,
  RecordedCodeowners,
} from '../database/DatabaseCodeownersStore';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import {
  checkAllowed,
  repositoryRoot,
} from '../repositoryReads/repositoryRoot';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { RunbookRefreshSchedule } from '../runbook/runbookRefreshSettings';
import { mapOwnersToCatalog } from './mapOwners';
import { MAX_CODEOWNERS_BYTES, parseCodeowners } from './parseCodeowners';

export const CODEOWNERS_REFRESH_TASK_ID = 'hardening-codeowners-refresh';

/** Where CODEOWNERS is looked for, from the repository root, first found wins. */
export const CODEOWNERS_PATHS = [
  '/.github/CODEOWNERS',
  '/CODEOWNERS',
  '/docs/CODEOWNERS',
  '/.gitlab/CODEOWNERS',
] as const;

const LIMIT = {
  bytes: MAX_CODEOWNERS_BYTES,
  setting: 'the 128 KiB limit of CODEOWNERS files',
};

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  `metadata.annotations.${ANNOTATION_LOCATION}`,
  `metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`,
];

export type CodeownersRefreshDeps = {
  store: DatabaseCodeownersStore;
  files: EntityFileReader;
  integrations: ScmIntegrationRegistry;
  catalog: CatalogService;
  auth: AuthService;
  clock: () => Date;
  logger?: LoggerService;
};

export type CodeownersRefreshResult = {
  entities: number;
  /** Distinct repositories whose CODEOWNERS was looked for. */
  repositories: number;
  /** Entities with a CODEOWNERS file read. */
  found: number;
  forgotten: number;
};

type FileFound = Omit<RecordedCodeowners, 'entityRef'>;

/**
 * Looks for the CODEOWNERS of one repository (the candidates in order, within one file
 * budget of {@link CODEOWNERS_PATHS}.length reads), each URL resolved against the root
 * of the repository the entity's catalog file is in and checked against
 * `hardening.repositoryReads`.
 */
async function readCodeowners(
  deps: CodeownersRefreshDeps,
  root: URL,
): Promise<FileFound> {
  const budget = deps.files.budget();
  const errors: string[] = [];
  for (const path of CODEOWNERS_PATHS) {
    let url: URL;
    try {
      url = new URL(
        deps.integrations.resolveUrl({ url: path, base: root.href }),
      );
    } catch {
      errors.push(`${path} could not be resolved against ${root.href}`);
      continue;
    }
    const refused =
      url.host === root.host
        ? checkAllowed(url, deps.files.policy)
        : { error: `${url.href} is on another host` };
    if (refused) {
      errors.push(refused.error);
      continue;
    }
    const read = await deps.files.readUrl(url.href, { limit: LIMIT, budget });
    if ('text' in read) {
      return {
        url: url.href,
        digest: sha256Hex(read.text),
        parsed: parseCodeowners(read.text),
        ownerRefs: {},
      };
    }
    errors.push(read.error);
  }
  return {
    parsed: { rules: [], warnings: [] },
    ownerRefs: {},
    error: errors.join('; ').slice(0, 4000),
  };
}

/**
 * Reads the CODEOWNERS of every catalog entity read from an http(s) location (one read
 * per repository and run, whatever the number of its entities), maps the owners to
 * catalog groups and users, stores the result per entity and deletes the rows of
 * entities no longer in the catalog. A failing catalog query fails the run before
 * anything is written.
 */
export async function refreshCodeowners(
  deps: CodeownersRefreshDeps,
): Promise<CodeownersRefreshResult> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const entities: Entity[] = [];
  for await (const page of deps.catalog.streamEntities(
    {
      filter: [
        {
          [`metadata.annotations.${ANNOTATION_LOCATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: ENTITY_FIELDS,
    },
    { credentials },
  )) {
    entities.push(...page);
  }
  const byRepository = new Map<string, Promise<FileFound>>();
  const rows: RecordedCodeowners[] = [];
  const seen = new Set<string>();
  for (const entity of entities) {
    const entityRef = refOf(entity);
    if (seen.has(entityRef)) continue;
    seen.add(entityRef);
    const located = repositoryRoot(entity, deps.files.policy);
    if ('error' in located) {
      rows.push({
        entityRef,
        parsed: { rules: [], warnings: [] },
        ownerRefs: {},
        error: located.error,
      });
      continue;
    }
    // One look-up per repository root (as the integration resolves "/").
    let key: string;
    try {
      key = deps.integrations.resolveUrl({ url: '/', base: located.root.href });
    } catch {
      key = located.root.href;
    }
    let found = byRepository.get(key);
    if (!found) {
      found = readCodeowners(deps, located.root);
      byRepository.set(key, found);
    }
    rows.push({ entityRef, ...(await found) });
  }
  const ownerRefs = await mapOwnersToCatalog(
    rows.flatMap(r => r.parsed.rules.flatMap(rule => rule.owners)),
    { catalog: deps.catalog, credentials },
  );
  for (const row of rows) {
    const used = new Set(
      row.parsed.rules.flatMap(r =>
        r.owners.map(o => o.toLocaleLowerCase('en-US')),
      ),
    );
    row.ownerRefs = Object.fromEntries(
      [...used].flatMap(o =>
        ownerRefs.has(o) ? [[o, ownerRefs.get(o)!]] : [],
      ),
    );
  }
  await deps.store.record(rows, deps.clock());
  const forgotten = await deps.store.forgetEntitiesExcept([...seen]);
  const result = {
    entities: seen.size,
    repositories: byRepository.size,
    found: rows.filter(r => r.url).length,
    forgotten,
  };
  deps.logger?.info(
    `Hardening CODEOWNERS refresh: ${result.entities} entities, ${result.repositories} repositories, ${result.found} entities with a CODEOWNERS file, ${result.forgotten} rows of removed entities deleted`,
  );
  return result;
}

/** Schedules the refresh globally (one replica at a time), on the runbook refresh's schedule. */
export async function scheduleCodeownersRefresh(
  scheduler: SchedulerService,
  deps: CodeownersRefreshDeps & { schedule: RunbookRefreshSchedule },
): Promise<void> {
  await scheduler.scheduleTask({
    id: CODEOWNERS_REFRESH_TASK_ID,
    ...deps.schedule,
    scope: 'global',
    fn: async () => {
      try {
        await refreshCodeowners(deps);
      } catch (error) {
        deps.logger?.warn(
          `Hardening CODEOWNERS refresh failed: ${
            isError(error) ? error.message : String(error)
          }`,
        );
      }
    },
  });
}
