import {
  AuthService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { DatabaseRunbookStore } from '../database/DatabaseRunbookStore';
import { DatabaseTriageWorkflowStore } from '../database/DatabaseTriageWorkflowStore';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { RunbookService } from '../runbook/RunbookService';
import { TriageCatalog } from '../triage/triageCatalog';
import { TriageService } from '../triage/TriageService';
import { TriageSettings } from '../triage/triageSettings';
import { TrackerHosts } from '../triage/trackerLink';

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
  settings: TriageSettings;
  trackerHosts?: TrackerHosts;
  clock: () => Date;
}) {
  const { database, settings, clock } = options;
  const files = new EntityFileReader({
    urlReader: options.urlReader,
    now: () => clock().getTime(),
  });
  const runbooks = new RunbookService({
    store: new DatabaseRunbookStore(database),
    files,
    settings,
    clock,
  });
  const triage = new TriageService({
    workflow: new DatabaseTriageWorkflowStore(database),
    runbooks,
    files,
    settings,
    trackerHosts: options.trackerHosts,
    clock,
  });
  const catalog = new TriageCatalog(options);
  return { runbooks, triage, catalog };
}
