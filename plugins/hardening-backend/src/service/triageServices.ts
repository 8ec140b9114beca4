import {
  AuthService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { TestOwnership } from '../codeowners/TestOwnership';
import { DatabaseCodeownersStore } from '../database/DatabaseCodeownersStore';
import { DatabaseRunbookFileStore } from '../database/DatabaseRunbookFileStore';
import { DatabaseRunbookStore } from '../database/DatabaseRunbookStore';
import { DatabaseTriageWorkflowStore } from '../database/DatabaseTriageWorkflowStore';
import { RepositoryReadPolicy } from '../repositoryReads/repositoryReadSettings';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { RunbookService } from '../runbook/RunbookService';
import { TriageCatalog } from '../triage/triageCatalog';
import { TriageService } from '../triage/TriageService';
import { TriageSettings } from '../triage/triageSettings';
import { TrackerHosts } from '../triage/trackerLink';

/** What {@link createTriageServices} builds; the routes and the runbook refresh share it. */
export type TriageServices = ReturnType<typeof createTriageServices>;

/**
 * The triage workflow and runbooks on the plugin's database: the stores, the cached
 * reader of entities' repository files, the catalog look-ups and the services.
 */
export function createTriageServices(options: {
  database: Knex;
  auth: AuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  urlReader?: UrlReaderService;
  /** `hardening.repositoryReads`, validated (the defaults when absent). */
  repositoryReads?: RepositoryReadPolicy;
  settings: TriageSettings;
  trackerHosts?: TrackerHosts;
  clock: () => Date;
  logger?: LoggerService;
}) {
  const { database, settings, clock } = options;
  const files = new EntityFileReader({
    urlReader: options.urlReader,
    now: () => clock().getTime(),
    policy: options.repositoryReads,
  });
  const runbookFiles = new DatabaseRunbookFileStore(database);
  const runbooks = new RunbookService({
    store: new DatabaseRunbookStore(database),
    files,
    settings,
    clock,
    recorded: runbookFiles,
    logger: options.logger,
  });
  const codeowners = new DatabaseCodeownersStore(database);
  const ownership = new TestOwnership(codeowners, database);
  const triage = new TriageService({
    ownership,
    workflow: new DatabaseTriageWorkflowStore(database),
    runbooks,
    files,
    settings,
    trackerHosts: options.trackerHosts,
    clock,
  });
  const catalog = new TriageCatalog(options);
  return {
    runbooks,
    runbookFiles,
    triage,
    catalog,
    files,
    codeowners,
    ownership,
  };
}
