import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CiContext,
  contractGateIdSchema,
  ContractResultsDocument,
  ContractResultsFormat,
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  hardeningMilestoneManagePermission,
  summarizeContractResults,
} from '@hardening/backstage-plugin-hardening-common';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ContractStore } from '../database/ContractStore';
import { EvidenceStore } from '../database/EvidenceStore';
import { parseContractYaml } from '../ingest/contract/ContractYamlParser';
import { parseNativeGateResults } from '../ingest/contract/NativeGateResultsParser';
import { parseSarifGateResults } from '../ingest/sarif/SarifGateResultsParser';
import {
  describeQueryIssues,
  parseListQuery,
  parseUploadQueryWith,
} from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { uploaderOf } from '../publishing/reportUploader';
import { UnsupportedMediaTypeError } from './errors';
import { readJson } from './jsonBody';
import { BoundedRequestBody } from './requestBody';
import { cappedFixedLimit, jsonUploadLimit } from './uploadLimits';
import {
  ENTITY_PATH,
  reportHistoryHandler,
  evidenceStored,
  respondWithAuditedUpload,
} from './reportRoutes';

/** Largest contract YAML accepted (also capped by `hardening.ingest.maxUploadBytes`). */
export const MAX_CONTRACT_BYTES = 1024 * 1024;

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

export type ContractRouterOptions = {
  store: EvidenceStore;
  contracts: ContractStore;
  auditor: AuditorService;
  checkEntityAccess: EntityAccessCheck;
  /** Every upload's limit, in bytes (`hardening.ingest.maxUploadBytes`). */
  maxUploadBytes: number;
  /**
   * Largest contract-results upload (JSON, parsed whole), in bytes
   * (`hardening.ingest.maxJsonUploadBytes`, default 16 MiB); capped by `maxUploadBytes`.
   */
  maxJsonUploadBytes?: number;
  clock: () => Date;
};

/** `?commit&branch&runUrl&pipeline&tags&format` of a contract-results upload. */
function parseResultsUploadQuery(query: unknown): {
  context: CiContext;
  format?: ContractResultsFormat;
} {
  const { context, params } = parseUploadQueryWith(query, {
    format: z
      .enum(['native', 'sarif'], { error: 'must be native or sarif' })
      .optional(),
  });
  return { context, format: params.format };
}

const violationsQuerySchema = z.object({
  gateId: contractGateIdSchema.optional(),
});

function resultsFormatOf(
  req: Request,
  requested: ContractResultsFormat | undefined,
): ContractResultsFormat {
  const sarifType = req.is('application/sarif+json');
  if (!sarifType && !req.is('application/json')) {
    throw new UnsupportedMediaTypeError(
      `Unsupported Content-Type "${
        req.headers['content-type'] ?? '(none)'
      }": send native results as application/json or SARIF as application/sarif+json`,
    );
  }
  return requested ?? (sarifType ? 'sarif' : 'native');
}

async function readYaml(body: BoundedRequestBody): Promise<string> {
  const bytes = await body.buffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('Contract YAML is not valid UTF-8');
  }
}

/** Closes the connection after an error answer when the body was not read to its end. */
function dropUnreadBody(req: Request, res: Response) {
  if (!req.readableEnded) {
    res.setHeader('Connection', 'close');
  }
}

/** Who made a request: the user entity ref, else the principal's subject. */
export function principalName(principal: unknown): string {
  const p = principal as { userEntityRef?: string; subject?: string };
  return p.userEntityRef ?? p.subject ?? 'unknown';
}

/**
 * The delivery contract of an entity (`PUT`/`GET …/contract`, `GET …/contract/history`)
 * and the gate results of CI runs against it (`…/contract-results`).
 */
export function createContractRouter(options: ContractRouterOptions) {
  const { store, contracts, auditor, checkEntityAccess, clock } = options;
  const contractLimit = cappedFixedLimit(
    MAX_CONTRACT_BYTES,
    'delivery contracts',
    options.maxUploadBytes,
  );
  const resultsLimit = jsonUploadLimit(
    options.maxUploadBytes,
    options.maxJsonUploadBytes,
  );
  const router = Router();

  router.put(`${ENTITY_PATH}/contract`, async (req, res) => {
    try {
      const { entityRef, credentials } = await checkEntityAccess(
        req,
        hardeningMilestoneManagePermission,
      );
      const query = z.strictObject({}).safeParse(req.query);
      if (!query.success) {
        throw new InputError(
          `Invalid parameters: ${describeQueryIssues(query.error)}`,
        );
      }
      const audit = await auditor.createEvent({
        eventId: 'contract-update',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef },
      });
      try {
        if (!req.is(YAML_TYPES)) {
          throw new UnsupportedMediaTypeError(
            `Unsupported Content-Type "${
              req.headers['content-type'] ?? '(none)'
            }": send the contract as ${YAML_TYPES.join(', ')}`,
          );
        }
        const body = new BoundedRequestBody(req, contractLimit);
        const { contract, digest } = parseContractYaml(await readYaml(body));
        const saved = await contracts.saveContract({
          entityRef,
          digest,
          contract,
          uploadedAt: clock(),
          uploadedBy: principalName(credentials.principal),
        });
        await audit.success({
          meta: {
            contractId: saved.contract.id,
            digest,
            created: saved.created,
            gateCount: saved.contract.gateCount,
          },
        });
        await evidenceStored(req, res, entityRef);
        res.status(saved.created ? 201 : 200).json(saved);
      } catch (error) {
        await audit.fail({ error: error as Error });
        throw error;
      }
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });

  router.get(`${ENTITY_PATH}/contract`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const contract = await contracts.latestContract(entityRef);
    if (!contract) {
      throw new NotFoundError(`No delivery contract for ${entityRef}`);
    }
    res.json(contract);
  });

  router.get(`${ENTITY_PATH}/contract/history`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    res.json(
      await contracts.listContracts(entityRef, parseListQuery(req.query)),
    );
  });

  router.post(`${ENTITY_PATH}/contract-results`, async (req, res) => {
    try {
      const access = await checkEntityAccess(
        req,
        hardeningEvidenceCreatePermission,
      );
      const { entityRef } = access;
      const { context, format: requested } = parseResultsUploadQuery(req.query);
      const format = resultsFormatOf(req, requested);
      const body = new BoundedRequestBody(req, resultsLimit);

      await respondWithAuditedUpload(
        auditor,
        req,
        res,
        { entityRef, kind: 'contract-results', format },
        async () => {
          const json = await readJson(
            body,
            format === 'sarif' ? 'SARIF log' : 'Contract results',
          );
          const results: ContractResultsDocument =
            format === 'sarif'
              ? parseSarifGateResults(json)
              : parseNativeGateResults(json);
          const current = await contracts.latestContract(entityRef);
          return contracts.insertResults({
            meta: {
              entityRef,
              digest: body.digest(),
              context,
              receivedAt: clock(),
              uploader: uploaderOf(access),
            },
            summary: summarizeContractResults(format, results, current),
            violations: results.results.flatMap(r =>
              r.violations.map(v => ({ ...v, gateId: r.gateId })),
            ),
          });
        },
      );
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });

  router.get(
    `${ENTITY_PATH}/contract-results`,
    reportHistoryHandler('contract-results', { store, checkEntityAccess }),
  );

  router.get(
    `${ENTITY_PATH}/contract-results/:reportId/violations`,
    async (req, res) => {
      const { entityRef } = await checkEntityAccess(
        req,
        hardeningEvidenceReadPermission,
      );
      const reportId = z.uuid().safeParse(req.params.reportId);
      if (!reportId.success) {
        throw new InputError('reportId must be a UUID');
      }
      const { gateId, ...listQuery } = req.query;
      const filter = violationsQuerySchema.safeParse({ gateId });
      if (!filter.success) {
        throw new InputError(
          `Invalid parameters: ${describeQueryIssues(filter.error)}`,
        );
      }
      const list = parseListQuery(listQuery);
      const report = await store.getReport(entityRef, reportId.data);
      if (!report || report.kind !== 'contract-results') {
        throw new NotFoundError(
          `No contract-results report ${reportId.data} for ${entityRef}`,
        );
      }
      res.json(
        await contracts.listViolations(entityRef, reportId.data, {
          ...list,
          gateId: filter.data.gateId,
        }),
      );
    },
  );

  return router;
}
