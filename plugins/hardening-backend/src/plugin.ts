import { ScmIntegrations } from '@backstage/integration';
import { warmScorecards } from './scorecard/scorecardWarmUp';
import { backfillClusterKeys } from './clusters/backfillClusterKeys';
import { readRetentionSettings } from './retention/retentionSettings';
import { scheduleRetention } from './retention/scheduleRetention';
import { readFlakySettings } from './quarantine/flakySettings';
import { scheduleQuarantineExpiry } from './quarantine/scheduleQuarantineExpiry';
import { DatabaseQuarantineStore } from './database/DatabaseQuarantineStore';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { hardeningPermissions } from '@hardening/backstage-plugin-hardening-common';
import {
  hardeningScorecardMetricsExtensionPoint,
  hardeningTestReportFormatsExtensionPoint,
} from '@hardening/backstage-plugin-hardening-node';
import {
  builtInTestReportFormats,
  TestReportFormatRegistry,
} from './ingest/formats';
import { ScorecardMetricRegistry } from './scorecard/extensionMetrics';
import { DatabaseEvidenceStore } from './database/DatabaseEvidenceStore';
import { applyDatabaseMigrations } from './database/migrations';
import { readSeedConfig } from './seed/seedConfig';
import { runSeed } from './seed/SeedRunner';
import { scheduleRunbookRefresh } from './runbook/runbookRefresh';
import { scheduleCodeownersRefresh } from './codeowners/codeownersRefresh';
import { readRunbookRefreshSchedule } from './runbook/runbookRefreshSettings';
import { readRepositoryReadPolicy } from './repositoryReads/repositoryReadSettings';
import { createRouter } from './service/router';
import { readPublishingSettings } from './publishing/publishingSettings';
import { TrustedPublisherVerifier } from './publishing/trustedPublisherVerifier';
import { uploadRoutePaths } from './publishing/uploadRoutes';
import { createTriageServices } from './service/triageServices';
import { scheduleScorecardSnapshots } from './scorecard/scorecardSnapshots';
import { createScorecardServices } from './scorecard/scorecardServices';
import { readScorecardSettings } from './scorecard/scorecardSettings';
import { readTrackerHosts, readTriageSettings } from './triage/triageSettings';
import { readUploadLimits } from './service/uploadLimits';
import { readMaxTestTextBytes } from './ingest/testTextBudgetSetting';
import { readTransparencySettings } from './transparency/transparencySettings';
import { loadSigningKey } from './transparency/signingKey';
import { TransparencyLog } from './transparency/TransparencyLog';
import { PUBLIC_KEY_PATH } from './service/transparencyRouter';

/** Default for `hardening.access.cacheTtlSeconds`. */
export const DEFAULT_ACCESS_CACHE_TTL_SECONDS = 5;

/**
 * The Hardening backend plugin.
 *
 * @public
 */
export const hardeningPlugin = createBackendPlugin({
  pluginId: 'hardening',
  register(env) {
    // Modules add to these in their init, which runs before the plugin's.
    const testReportFormats = new TestReportFormatRegistry();
    env.registerExtensionPoint(
      hardeningTestReportFormatsExtensionPoint,
      testReportFormats.extensionPoint(),
    );
    const scorecardMetrics = new ScorecardMetricRegistry();
    env.registerExtensionPoint(
      hardeningScorecardMetricsExtensionPoint,
      scorecardMetrics.extensionPoint(),
    );

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        lifecycle: coreServices.rootLifecycle,
        notifications: notificationService,
        signals: signalsServiceRef,
        urlReader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        database,
        httpRouter,
        auth,
        httpAuth,
        logger,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        lifecycle,
        notifications,
        signals,
        urlReader,
        scheduler,
        cache,
        actionsRegistry,
      }) {
        // Invalid triage settings (e.g. a rule whose pattern does not compile) stop the
        // start-up here, before anything is served.
        const triageSettings = readTriageSettings(config);
        const scorecardSettings = readScorecardSettings(
          config,
          scorecardMetrics.definitions,
        );
        const runbookRefreshSchedule = readRunbookRefreshSchedule(config);
        const trackerHosts = readTrackerHosts(config);
        const publishing = readPublishingSettings(config);
        const publishers = publishing.trustedPublishing
          ? new TrustedPublisherVerifier(publishing.trustedPublishing, {
              cache,
              logger,
            })
          : undefined;
        const repositoryReads = readRepositoryReadPolicy(config);
        const uploadLimits = readUploadLimits(config);
        // The built-in formats join those modules added (a taken id stops the start-up).
        builtInTestReportFormats(
          uploadLimits.maxJsonUploadBytes,
          testReportFormats,
        );
        const added = testReportFormats.list().filter(f => !f.builtIn);
        if (added.length > 0) {
          logger.info(
            `Test-report formats added by modules: ${added
              .map(f => f.format.id)
              .join(', ')}`,
          );
        }
        const maxTestTextBytes = readMaxTestTextBytes(config);
        const transparencySettings = readTransparencySettings(config);
        const retentionSettings = readRetentionSettings(config);
        const flakySettings = readFlakySettings(config);
        const accessCacheTtlMs =
          1000 *
          (config.getOptionalNumber('hardening.access.cacheTtlSeconds') ??
            DEFAULT_ACCESS_CACHE_TTL_SECONDS);
        const knex = await database.getClient();
        const store = new DatabaseEvidenceStore(knex);
        if (!database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
          logger.info('Hardening database schema is up to date');
        }
        permissionsRegistry.addPermissions(hardeningPermissions);
        const transparency = new TransparencyLog({
          db: knex,
          signer: await loadSigningKey(knex, transparencySettings, logger),
          settings: transparencySettings,
          clock: () => new Date(),
        });
        const scorecards = createScorecardServices({
          database: knex,
          auth,
          catalog,
          permissions,
          settings: scorecardSettings,
          catalogCacheTtlMs: accessCacheTtlMs,
          extensionMetrics: scorecardMetrics,
          logger,
          witnesses: refs => transparency.freezeWitnessStatuses(refs),
        });
        const triage = createTriageServices({
          database: knex,
          auth,
          catalog,
          permissions,
          urlReader,
          repositoryReads,
          settings: triageSettings,
          trackerHosts,
          clock: () => new Date(),
          logger,
        });

        httpRouter.use(
          await createRouter({
            database: knex,
            store,
            auth,
            httpAuth,
            catalog,
            permissions,
            auditor,
            logger,
            notifications,
            signals,
            urlReader,
            triageSettings,
            trackerHosts,
            scorecards,
            triage,
            ...uploadLimits,
            testReportFormats,
            maxTestTextBytes,
            accessCacheTtlMs,
            publishers,
            bindings: publishing.bindings,
            transparency,
            removedEntityGraceDays: retentionSettings.removedEntityGraceDays,
            flaky: flakySettings,
            actionsRegistry,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        // The log's public key is public: CI and witnesses fetch it without credentials.
        httpRouter.addAuthPolicy({
          path: PUBLIC_KEY_PATH,
          allow: 'unauthenticated',
        });
        if (publishers) {
          // Backstage cannot verify a CI OIDC token, so its credentials barrier would
          // refuse it: the upload routes are opened here and the plugin's router
          // authenticates every request to them itself (see createPublishingGate).
          for (const path of uploadRoutePaths()) {
            httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
          }
          logger.info(
            `Trusted publishing: accepting CI OIDC tokens for evidence uploads from ${publishers.issuers
              .map(i => i.issuer)
              .join(', ')}`,
          );
          for (const issuer of publishers.issuers) {
            if (!issuer.allowedOwners) {
              logger.warn(
                `Trusted publishing: ${issuer.issuer} has no allowedOwners, so any repository of that CI system can upload to entities whose project-slug annotation names it; set allowedOwners to your organisations`,
              );
            }
          }
        }

        await scheduleScorecardSnapshots(scheduler, {
          ...scorecards,
          auth,
          logger,
          retentionDays: scorecardSettings.snapshotRetentionDays,
          clock: () => new Date(),
        });
        await scheduleRetention(scheduler, {
          db: knex,
          catalog,
          auth,
          auditor,
          logger,
          settings: retentionSettings,
          clock: () => new Date(),
        });
        await scheduleQuarantineExpiry(scheduler, {
          quarantine: new DatabaseQuarantineStore(knex, flakySettings),
          auditor,
          logger,
          clock: () => new Date(),
        });
        await scheduleRunbookRefresh(scheduler, {
          runbooks: triage.runbooks,
          files: triage.runbookFiles,
          catalog,
          auth,
          logger,
          schedule: runbookRefreshSchedule,
        });
        await scheduleCodeownersRefresh(scheduler, {
          store: triage.codeowners,
          files: triage.files,
          integrations: ScmIntegrations.fromConfig(config),
          catalog,
          auth,
          clock: () => new Date(),
          logger,
          schedule: runbookRefreshSchedule,
        });

        // In the background: the backend is ready before it ends.
        lifecycle.addStartupHook(() => {
          warmScorecards({
            ...scorecards,
            auth,
            logger,
            clock: () => new Date(),
          }).catch(error =>
            logger.warn(
              `Hardening scorecards: the start-up read failed; the first page reads instead: ${error}`,
            ),
          );
        });

        // Cluster keys of failures stored before they were written at ingest.
        lifecycle.addStartupHook(() => {
          backfillClusterKeys(knex, logger).catch(error =>
            logger.warn(
              `Hardening failure clusters: computing stored failures' keys failed: ${error}`,
            ),
          );
        });

        const seed = readSeedConfig(config);
        if (seed) {
          lifecycle.addStartupHook(async () => {
            await runSeed({ ...seed, database: knex, store, logger });
          });
        }
      },
    });
  },
});
