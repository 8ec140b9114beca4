import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  evaluateStressRun,
  hardeningEvidenceCreatePermission,
  StressRunFormat,
  stressRunSchema,
  StressRunSummary,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EvidenceStore } from '../database/EvidenceStore';
import { parseK6Summary } from '../ingest/k6/K6SummaryParser';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { readJsonBody } from './jsonBody';
import { fixedUploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  respondWithAuditedUpload,
} from './reportRoutes';
import {
  DEFAULT_K6_THRESHOLDS,
  K6UploadParameters,
  nativeWithK6Parameters,
  parseStressRunQuery,
} from './stressRunQuery';

/** k6 summaries list every metric and submetric; 4 MiB is far above real ones. */
const STRESS_BODY_LIMIT = fixedUploadLimit(
  4 * 1024 * 1024,
  'stress-run uploads',
);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function detectFormat(json: unknown): StressRunFormat {
  if (isObject(json) && 'phases' in json) return 'native';
  if (isObject(json) && 'metrics' in json) return 'k6';
  throw new InputError(
    'Cannot tell the format: a native stress run has "phases", a k6 summary has "metrics" (or set ?format=native|k6)',
  );
}

function nativeSummary(json: unknown): StressRunSummary {
  const parsed = stressRunSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `Invalid stress run: ${parsed.error.issues
        .slice(0, 10)
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return {
    format: 'native',
    run: parsed.data,
    evaluation: evaluateStressRun(parsed.data),
  };
}

function k6Summary(
  json: unknown,
  k6: K6UploadParameters,
  receivedAt: Date,
): StressRunSummary {
  const { scenario, maxErrorRate, p95Ms, ...times } = k6;
  if (!scenario) {
    throw new InputError(
      'A k6 summary does not name its scenario: add ?scenario=<name>, e.g. scenario=share-pack',
    );
  }
  const parsed = parseK6Summary(json, {
    ...times,
    scenario,
    receivedAt,
    thresholds: {
      maxErrorRate: maxErrorRate ?? DEFAULT_K6_THRESHOLDS.maxErrorRate,
      p95Ms: p95Ms ?? DEFAULT_K6_THRESHOLDS.p95Ms,
    },
  });
  return {
    format: 'k6',
    k6: { form: parsed.form, thresholds: parsed.thresholds },
    run: parsed.run,
    evaluation: evaluateStressRun(parsed.run),
  };
}

/**
 * Stress runs of an entity: a native stress-run document or a k6 end-of-test summary,
 * stored with its evaluation against the run's thresholds.
 */
export function createStressRunsRouter(options: {
  store: EvidenceStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  clock: () => Date;
}) {
  const { store, auditor, checkEntityAccess, clock } = options;
  const router = Router();

  router.post(`${ENTITY_PATH}/stress-runs`, async (req, res) => {
    const access = await checkEntityAccess(
      req,
      hardeningEvidenceCreatePermission,
    );
    const { entityRef } = access;
    const { context, format: requested, k6 } = parseStressRunQuery(req.query);
    await respondWithAuditedUpload(
      auditor,
      req,
      res,
      {
        entityRef,
        kind: 'stress-run',
        ...(requested ? { format: requested } : {}),
      },
      async () => {
        const { data, digest } = await readJsonBody(
          req,
          z.unknown(),
          STRESS_BODY_LIMIT,
        );
        const format = requested ?? detectFormat(data);
        const receivedAt = clock();
        let summary: StressRunSummary;
        if (format === 'native') {
          if (Object.keys(k6).length > 0) throw nativeWithK6Parameters(k6);
          summary = nativeSummary(data);
        } else {
          summary = k6Summary(data, k6, receivedAt);
        }
        return store.insertReport(
          {
            entityRef,
            kind: 'stress-run',
            digest,
            context,
            receivedAt,
            uploader: uploaderOf(access),
          },
          summary,
        );
      },
    );
  });

  router.get(
    `${ENTITY_PATH}/stress-runs`,
    reportHistoryHandler('stress-run', { store, checkEntityAccess }),
  );

  return router;
}
