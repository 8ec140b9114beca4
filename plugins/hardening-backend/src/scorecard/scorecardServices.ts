import {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import {
  DatabaseScorecardEvidenceReader,
  FreezeWitnessReader,
} from '../database/DatabaseScorecardEvidenceReader';
import { DatabaseScorecardSnapshotStore } from '../database/DatabaseScorecardSnapshotStore';
import { ScorecardMetricRegistry } from './extensionMetrics';
import { ScorecardCatalog } from './scorecardCatalog';
import { ScorecardService } from './ScorecardService';
import {
  DEFAULT_SCORECARD_SETTINGS,
  ScorecardSettings,
} from './scorecardSettings';

export type ScorecardServices = {
  service: ScorecardService;
  catalog: ScorecardCatalog;
  snapshots: DatabaseScorecardSnapshotStore;
  settings: ScorecardSettings;
};

/** The scorecard service and what its routes and snapshot task share, on one database. */
export function createScorecardServices(options: {
  database: Knex;
  auth: AuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  settings?: ScorecardSettings;
  clock?: () => Date;
  /** How long a caller's catalog listings are remembered; 0 (default) for not at all. */
  catalogCacheTtlMs?: number;
  /** Metrics modules added (`hardeningScorecardMetricsExtensionPoint`). */
  extensionMetrics?: ScorecardMetricRegistry;
  logger?: LoggerService;
  /**
   * The witnesses a freeze requires and what they cosigned (the freeze checklist's
   * `witnesses` item), e.g. `TransparencyLog.freezeWitnessStatuses`; none when left out.
   */
  witnesses?: FreezeWitnessReader;
}): ScorecardServices {
  const settings = options.settings ?? DEFAULT_SCORECARD_SETTINGS;
  const catalog = new ScorecardCatalog({
    auth: options.auth,
    catalog: options.catalog,
    permissions: options.permissions,
    kinds: settings.kinds,
    tierLabel: settings.tierLabel,
    cacheTtlMs: options.catalogCacheTtlMs,
  });
  const snapshots = new DatabaseScorecardSnapshotStore(options.database);
  const service = new ScorecardService({
    reader: new DatabaseScorecardEvidenceReader(options.database, {
      witnesses: options.witnesses,
    }),
    snapshots,
    catalog,
    settings,
    clock: options.clock ?? (() => new Date()),
    extensionMetrics: options.extensionMetrics,
    logger: options.logger,
  });
  return { service, catalog, snapshots, settings };
}
