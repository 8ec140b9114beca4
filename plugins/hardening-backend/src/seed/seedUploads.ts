import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  AuditChainSummary,
  CiContext,
  ciContextSchema,
  classifyTriageFailure,
  ContractResultsSummary,
  evaluateStressRun,
  evaluateValidationReport,
  gatesUploadSchema,
  GitTagsSummary,
  gitTagsUploadSchema,
  stressRunSchema,
  StressRunSummary,
  summarizeContractResults,
  triageReportUploadSchema,
  TriageReportSummary,
  validationReportSchema,
  ValidationReportSummary,
  verifyChain,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { parseJsonText } from '../service/jsonBody';
import { AuditChainStore } from '../database/AuditChainStore';
import { ContractStore, SavedContract } from '../database/ContractStore';
import { EvidenceStore, StoredResult } from '../database/EvidenceStore';
import { GitTagStore } from '../database/GitTagStore';
import { TriageStore } from '../database/TriageStore';
import { parseJunitXml } from '../ingest';
import { parseAuditChainJsonl } from '../ingest/auditChain/AuditChainParser';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { parseContractYaml } from '../ingest/contract/ContractYamlParser';
import { parseNativeGateResults } from '../ingest/contract/NativeGateResultsParser';
import { mergeTriageRunContext } from '../ingest/triage/triageRunContext';
import { SEED_UPLOADER } from '../publishing/reportUploader';
import { describeUploadBreak } from '../service/auditChainRouter';

/**
 * The uploads the seed makes, each done the way its route does it: the same parser or
 * schema on the body, the same evaluation, the same store call, and the digest of the
 * body's bytes. Only HTTP (authentication, permissions, the audit event) is left out; the
 * uploader of every report is the portal's demo seed (`SEED_UPLOADER`).
 */

/** The stores the uploads write to, built on one database by the seed runner. */
export type SeedStores = {
  evidence: EvidenceStore;
  contracts: ContractStore;
  chains: AuditChainStore;
  triage: TriageStore;
  gitTags: GitTagStore;
};

/** One upload: the body as a client would send it and what the route takes from the request. */
export type SeedUpload = {
  entityRef: string;
  body: string;
  /** The CI context, as the query string would give it. */
  context: z.input<typeof ciContextSchema>;
  receivedAt: Date;
};

/** SHA-256 of a body's UTF-8 bytes, as the routes compute it while reading. */
export function digestOf(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

async function* oneChunk(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

/** The CI context, validated like the query string of an upload. */
function checkedContext(context: SeedUpload['context']): CiContext {
  const parsed = ciContextSchema.safeParse(context);
  if (!parsed.success) {
    throw new InputError(`Invalid CI context: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** `POST …/test-reports` with a JUnit XML body. */
export async function uploadTestReport(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult> {
  const report = await parseJunitXml(oneChunk(upload.body));
  return stores.evidence.insertTestReport({
    entityRef: upload.entityRef,
    digest: digestOf(upload.body),
    context: checkedContext(upload.context),
    receivedAt: upload.receivedAt,
    uploader: SEED_UPLOADER,
    report,
  });
}

/**
 * `POST …/ci-gates`. The digest covers the CI context as well as the body, so that two
 * days with the same gate results stay two reports (as the seed has always written them).
 */
export async function uploadGatesReport(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult> {
  const { gates } = parseJsonText(upload.body, gatesUploadSchema);
  const context = checkedContext(upload.context);
  return stores.evidence.insertGatesReport({
    entityRef: upload.entityRef,
    digest: digestOf(JSON.stringify({ context, gates })),
    context,
    receivedAt: upload.receivedAt,
    uploader: SEED_UPLOADER,
    gates,
  });
}

/** `POST …/git-tags` with a JSON body. */
export async function uploadGitTags(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult<GitTagsSummary>> {
  const { tags } = parseJsonText(upload.body, gitTagsUploadSchema);
  return stores.gitTags.insertGitTags(
    {
      entityRef: upload.entityRef,
      digest: digestOf(upload.body),
      context: checkedContext(upload.context),
      receivedAt: upload.receivedAt,
      uploader: SEED_UPLOADER,
    },
    tags,
  );
}

/** `PUT …/contract` with a YAML body. */
export async function uploadContract(
  stores: SeedStores,
  options: {
    entityRef: string;
    yaml: string;
    uploadedAt: Date;
    uploadedBy: string;
  },
): Promise<SavedContract> {
  const { contract, digest } = parseContractYaml(options.yaml);
  return stores.contracts.saveContract({
    entityRef: options.entityRef,
    digest,
    contract,
    uploadedAt: options.uploadedAt,
    uploadedBy: options.uploadedBy,
  });
}

/** `POST …/contract-results` with native JSON, judged against the current contract. */
export async function uploadContractResults(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult<ContractResultsSummary>> {
  let json: unknown;
  try {
    json = JSON.parse(upload.body);
  } catch (error) {
    throw new InputError(
      `Contract results is not valid JSON: ${(error as Error).message}`,
    );
  }
  const results = parseNativeGateResults(json);
  const current = await stores.contracts.latestContract(upload.entityRef);
  return stores.contracts.insertResults({
    meta: {
      entityRef: upload.entityRef,
      digest: digestOf(upload.body),
      context: checkedContext(upload.context),
      receivedAt: upload.receivedAt,
      uploader: SEED_UPLOADER,
    },
    summary: summarizeContractResults('native', results, current),
    violations: results.results.flatMap(r =>
      r.violations.map(v => ({ ...v, gateId: r.gateId })),
    ),
  });
}

/** `POST …/stress-runs` with a native stress-run document. */
export async function uploadStressRun(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult<StressRunSummary>> {
  const run = parseJsonText(upload.body, stressRunSchema);
  const summary: StressRunSummary = {
    format: 'native',
    run,
    evaluation: evaluateStressRun(run),
  };
  return stores.evidence.insertReport(
    {
      entityRef: upload.entityRef,
      kind: 'stress-run',
      digest: digestOf(upload.body),
      context: checkedContext(upload.context),
      receivedAt: upload.receivedAt,
      uploader: SEED_UPLOADER,
    },
    summary,
  );
}

/** `POST …/validation-reports`. */
export async function uploadValidationReport(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult<ValidationReportSummary>> {
  const report = parseJsonText(upload.body, validationReportSchema);
  const summary: ValidationReportSummary = {
    report,
    evaluation: evaluateValidationReport(report),
  };
  return stores.evidence.insertReport(
    {
      entityRef: upload.entityRef,
      kind: 'validation',
      digest: digestOf(upload.body),
      context: checkedContext(upload.context),
      receivedAt: upload.receivedAt,
      uploader: SEED_UPLOADER,
    },
    summary,
  );
}

/**
 * `POST …/audit-chain` with a JSON Lines body: parsed, attached to the stored chain
 * (`ConflictError` when it cannot be), verified from there, then appended.
 */
export async function uploadAuditChain(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult<AuditChainSummary>> {
  const entries = await parseAuditChainJsonl(oneChunk(upload.body));
  const start = await stores.chains.resolveStart(
    upload.entityRef,
    entries[0].prevHash,
  );
  const verdict = verifyChain(entries, sha256Hex, { start });
  if (!verdict.ok) {
    throw new InputError(describeUploadBreak(verdict));
  }
  return stores.chains.appendChain({
    entityRef: upload.entityRef,
    digest: digestOf(upload.body),
    context: checkedContext(upload.context),
    receivedAt: upload.receivedAt,
    uploader: SEED_UPLOADER,
    entries,
  });
}

/** `POST …/triage-reports`: the CI context merged with the report's `run` block. */
export async function uploadTriageReport(
  stores: SeedStores,
  upload: SeedUpload,
): Promise<StoredResult<TriageReportSummary>> {
  const data = parseJsonText(upload.body, triageReportUploadSchema);
  return stores.triage.insertTriageReport({
    entityRef: upload.entityRef,
    digest: digestOf(upload.body),
    context: mergeTriageRunContext(checkedContext(upload.context), data.run),
    receivedAt: upload.receivedAt,
    uploader: SEED_UPLOADER,
    runId: data.run?.id,
    failures: data.failures.map(f => classifyTriageFailure(f)),
  });
}
