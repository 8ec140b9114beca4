import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { FreezeWitnessStatus } from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { AuditChainStore } from '../database/AuditChainStore';
import { TestOwnership } from '../codeowners/TestOwnership';
import { DatabaseCodeownersStore } from '../database/DatabaseCodeownersStore';
import { DatabaseFreezeEvidenceReader } from '../database/DatabaseFreezeEvidenceReader';
import { DatabaseGitTagStore } from '../database/DatabaseGitTagStore';
import { DatabaseMilestoneStore } from '../database/DatabaseMilestoneStore';
import { EvidenceStore } from '../database/EvidenceStore';
import { MilestoneEvents } from './milestoneEvents';
import { MilestoneService } from './milestoneService';

/**
 * The milestone service and its events on the plugin's database: the stores, the
 * evidence reader and the notifications/signals around regressions.
 */
export function createMilestoneServices(options: {
  database: Knex;
  store: EvidenceStore;
  chains: AuditChainStore;
  auditor: AuditorService;
  /** Where milestone signals find the entity's owner. */
  catalog: CatalogService;
  auth: AuthService;
  clock: () => Date;
  logger?: LoggerService;
  notifications?: NotificationService;
  signals?: SignalsService;
  /** See `DatabaseMilestoneStore`: e.g. the witnesses a freeze requires. */
  freezeGuard?: (trx: Knex.Transaction, entityRef: string) => Promise<void>;
  /** See `MilestoneService`: the checklist's `witnesses` item. */
  witnesses?: (entityRef: string) => Promise<FreezeWitnessStatus | undefined>;
}) {
  const { database, store, chains, auditor, clock } = options;
  const gitTags = new DatabaseGitTagStore(store);
  const milestones = new MilestoneService({
    milestones: new DatabaseMilestoneStore(
      database,
      chains,
      options.freezeGuard,
    ),
    evidence: new DatabaseFreezeEvidenceReader(database),
    clock,
    witnesses: options.witnesses,
  });
  const events = new MilestoneEvents({
    milestones,
    auditor,
    logger: options.logger,
    notifications: options.notifications,
    signals: options.signals,
    catalog: options.catalog,
    auth: options.auth,
    ownership: new TestOwnership(
      new DatabaseCodeownersStore(database),
      database,
    ),
  });
  return { gitTags, milestones, events };
}
