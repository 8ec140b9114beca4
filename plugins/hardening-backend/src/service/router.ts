import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { EvidenceStore } from '../database/EvidenceStore';
import { currentSchemaVersion } from '../database/migrations';
import { createEntityAccessCheck } from './entityAccess';
import { DatabaseAuditChainStore } from '../database/DatabaseAuditChainStore';
import { DatabaseContractStore } from '../database/DatabaseContractStore';
import { DatabaseTestHistoryStore } from '../database/DatabaseTestHistoryStore';
import { DatabaseTriageStore } from '../database/DatabaseTriageStore';
import { createAuditChainRouter } from './auditChainRouter';
import { createTransparencyRouter } from './transparencyRouter';
import { createRetentionRouter } from './retentionRouter';
import { DEFAULT_RETENTION } from '../retention/retentionSettings';
import { TransparencyLog } from '../transparency/TransparencyLog';
import { requireFreezeWitnesses } from '../transparency/freezeWitnesses';
import { createDefaultTransparencyLog } from '../transparency/defaultTransparencyLog';
import { createCiGatesRouter } from './ciGatesRouter';
import { createContractRouter } from './contractRouter';
import { createGitTagsRouter } from './gitTagsRouter';
import { createMilestoneRouter } from './milestoneRouter';
import { createMilestoneServices } from './milestoneServices';
import { onEvidenceStored } from './reportRoutes';
import { createStressRunsRouter } from './stressRunsRouter';
import { createTestHistoryRouter } from './testHistoryRouter';
import { createQuarantineRouter } from './quarantineRouter';
import { DatabaseQuarantineStore } from '../database/DatabaseQuarantineStore';
import {
  DEFAULT_FLAKY_SETTINGS,
  FlakySettings,
} from '../quarantine/flakySettings';
import { createTriageRouter } from './triageRouter';
import { createValidationRouter } from './validationRouter';
import { createRunbookRouter } from './runbookRouter';
import { createTeamTriageRouter } from './teamTriageRouter';
import { createFailureClustersRouter } from './failureClustersRouter';
import { FailureClusterService } from '../clusters/FailureClusterService';
import { createTriageServices, TriageServices } from './triageServices';
import { createTriageWorkflowRouter } from './triageWorkflowRouter';
import {
  DEFAULT_TRIAGE_SETTINGS,
  TriageSettings,
} from '../triage/triageSettings';
import { TrackerHosts } from '../triage/trackerLink';
import { RepositoryReadPolicy } from '../repositoryReads/repositoryReadSettings';
import { createSummaryRouter } from './summaryRouter';
import { EvidenceVersions } from '../database/EvidenceVersions';
import { createScorecardRouter } from './scorecardRouter';
import {
  createScorecardServices,
  ScorecardServices,
} from '../scorecard/scorecardServices';
import { createTestReportsRouter } from './testReportsRouter';
import type { TestReportFormatRegistry } from '../ingest/formats';
import { withPublisherAudit } from '../publishing/publisherAudit';
import { createPublishingGate } from '../publishing/publishingGate';
import { IngestBinding } from '../publishing/publishingSettings';
import { TrustedPublisherVerifier } from '../publishing/trustedPublisherVerifier';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerHardeningActions } from '../actions/registerActions';

export type RouterOptions = {
  database: Knex;
  store: EvidenceStore;
  auth: AuthService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  maxUploadBytes: number;
  /**
   * The test-report formats uploads are read in (built-in and added by modules); default:
   * the built-in ones.
   */
  testReportFormats?: TestReportFormatRegistry;
  /** `hardening.ingest.maxJsonUploadBytes`: CTRF, contract results and triage reports (default 16 MiB). */
  maxJsonUploadBytes?: number;
  /** `hardening.ingest.maxTestTextBytes`: text one test report may store (default 128 MiB). */
  maxTestTextBytes?: number;
  /** How long access decisions are remembered per caller; 0 (default) = not at all. */
  accessCacheTtlMs?: number;
  clock?: () => Date;
  logger?: LoggerService;
  /** Notifies entity owners when a frozen milestone regresses. */
  notifications?: NotificationService;
  /** Tells open pages that milestones changed. */
  signals?: SignalsService;
  /** Reads runbooks and defect templates from entities' repositories. */
  urlReader?: UrlReaderService;
  /** What limits those reads (`hardening.repositoryReads`; the defaults when absent). */
  repositoryReads?: RepositoryReadPolicy;
  /** `hardening.triage` and `hardening.runbooks`, validated (defaults when absent). */
  triageSettings?: TriageSettings;
  /** GitHub and GitLab hosts defect links may point at. */
  trackerHosts?: TrackerHosts;
  /** The scorecards, shared with the snapshot task (default settings when absent). */
  scorecards?: ScorecardServices;
  /** Triage and runbooks, shared with the runbook refresh task (built when absent). */
  triage?: TriageServices;
  /** Trusted publishing (CI OIDC tokens); absent when no issuer is configured. */
  publishers?: TrustedPublisherVerifier;
  /** `hardening.ingest.bindings`: what service principals may write (nothing when absent). */
  bindings?: readonly IngestBinding[];
  /**
   * The transparency log (`hardening.transparency`); when absent, one with a key made
   * for this router and no witnesses.
   */
  transparency?: TransparencyLog;
  /** `hardening.flaky`: flaky-score window and quarantine limits (defaults when absent). */
  flaky?: FlakySettings;
  /** `hardening.retention.removedEntityGraceDays` (default 30), for the admin listing. */
  removedEntityGraceDays?: number;
  /**
   * Where the actions are registered (see registerHardeningActions), on the services the
   * routes use; none when absent.
   */
  actionsRegistry?: ActionsRegistryService;
};

export async function createRouter(
  routerOptions: RouterOptions,
): Promise<express.Router> {
  // Audit events of CI token uploads name the CI job (see withPublisherAudit).
  const options = {
    ...routerOptions,
    auditor: withPublisherAudit(routerOptions.auditor),
  };
  const {
    database,
    store,
    auditor,
    maxUploadBytes,
    maxJsonUploadBytes,
    publishers,
  } = options;
  const checkEntityAccess = createEntityAccessCheck(options);
  const clock = options.clock ?? (() => new Date());

  const transparency =
    options.transparency ?? createDefaultTransparencyLog(database, clock);
  const chains = new DatabaseAuditChainStore(database, store, transparency);
  const contracts = new DatabaseContractStore(database, store);
  const { gitTags, milestones, events } = createMilestoneServices({
    ...options,
    chains,
    clock,
    freezeGuard: requireFreezeWitnesses(transparency),
    witnesses: entityRef => transparency.freezeWitnessStatus(entityRef),
  });

  const triageSettings = options.triageSettings ?? DEFAULT_TRIAGE_SETTINGS;
  const triageServices =
    options.triage ??
    createTriageServices({ ...options, settings: triageSettings, clock });

  const router = Router();
  if (publishers) {
    // The upload routes are open at the HTTP router for CI tokens: authenticate here.
    router.use(
      createPublishingGate({ httpAuth: options.httpAuth, publishers }),
    );
  }
  // Every accepted upload below re-checks the entity's frozen milestones.
  router.use(
    onEvidenceStored((entityRef, req) =>
      events.afterEvidenceStored(entityRef, req),
    ),
  );

  router.get('/health', async (_req, res) => {
    const body: HardeningHealth = {
      status: 'ok',
      schemaVersion: await currentSchemaVersion(database),
    };
    res.json(body);
  });

  router.use(
    createTestReportsRouter({
      store,
      auditor,
      checkEntityAccess,
      maxUploadBytes,
      maxJsonUploadBytes,
      maxTestTextBytes: options.maxTestTextBytes,
      formats: options.testReportFormats,
      clock,
    }),
  );
  router.use(createCiGatesRouter({ store, auditor, checkEntityAccess, clock }));
  router.use(
    createContractRouter({
      store,
      contracts,
      auditor,
      checkEntityAccess,
      maxUploadBytes,
      maxJsonUploadBytes,
      clock,
    }),
  );
  router.use(
    createStressRunsRouter({ store, auditor, checkEntityAccess, clock }),
  );
  router.use(
    createValidationRouter({ store, auditor, checkEntityAccess, clock }),
  );
  router.use(
    createTriageRouter({
      store,
      auditor,
      checkEntityAccess,
      clock,
      triageStore: new DatabaseTriageStore(database, store),
      maxUploadBytes,
      maxJsonUploadBytes,
      taxonomy: triageSettings.taxonomy,
    }),
  );
  router.use(
    createTriageWorkflowRouter({
      ...triageServices,
      auditor,
      checkEntityAccess,
    }),
  );
  router.use(
    createTeamTriageRouter({ ...triageServices, httpAuth: options.httpAuth }),
  );
  router.use(
    createFailureClustersRouter({
      httpAuth: options.httpAuth,
      clock,
      clusters: new FailureClusterService({
        database,
        auth: options.auth,
        catalog: options.catalog,
        permissions: options.permissions,
        teams: triageServices.catalog,
      }),
    }),
  );
  router.use(
    createRunbookRouter({
      ...triageServices,
      auditor,
      checkEntityAccess,
      maxUploadBytes: triageSettings.runbooks.maxUploadBytes,
    }),
  );
  const testHistoryStore = new DatabaseTestHistoryStore(database);
  const flaky = options.flaky ?? DEFAULT_FLAKY_SETTINGS;
  router.use(
    createTestHistoryRouter({
      checkEntityAccess,
      testHistoryStore,
      clock,
      windowDays: flaky.windowDays,
    }),
  );
  router.use(
    createQuarantineRouter({
      quarantine: new DatabaseQuarantineStore(database, flaky),
      fixedAfterPasses: flaky.fixedAfterPasses,
      auditor,
      checkEntityAccess,
      clock,
    }),
  );
  router.use(
    createAuditChainRouter({
      store,
      chains,
      auditor,
      checkEntityAccess,
      maxUploadBytes,
      clock,
    }),
  );
  router.use(
    createTransparencyRouter({ log: transparency, auditor, checkEntityAccess }),
  );
  router.use(
    createRetentionRouter({
      database,
      httpAuth: options.httpAuth,
      permissions: options.permissions,
      removedEntityGraceDays:
        options.removedEntityGraceDays ??
        DEFAULT_RETENTION.removedEntityGraceDays,
    }),
  );
  router.use(
    createGitTagsRouter({ store, gitTags, auditor, checkEntityAccess, clock }),
  );
  router.use(
    createMilestoneRouter({ milestones, events, auditor, checkEntityAccess }),
  );
  router.use(
    createSummaryRouter({
      store,
      versions: new EvidenceVersions(database),
      checkEntityAccess,
    }),
  );
  const scorecards = (
    options.scorecards ??
    createScorecardServices({
      ...options,
      clock,
      witnesses: refs => transparency.freezeWitnessStatuses(refs),
    })
  ).service;
  router.use(
    createScorecardRouter({
      scorecards,
      httpAuth: options.httpAuth,
      checkEntityAccess,
    }),
  );

  if (options.actionsRegistry) {
    registerHardeningActions(options.actionsRegistry, {
      checkEntityAccess,
      auditor,
      store,
      chains,
      testHistory: testHistoryStore,
      milestones,
      events,
      triage: triageServices.triage,
      catalog: triageServices.catalog,
      scorecards,
      clock,
    });
  }

  return router;
}
