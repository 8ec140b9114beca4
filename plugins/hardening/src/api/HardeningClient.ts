import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  AuditChainEntriesPage,
  CiGatesSummary,
  consistencyProofSchema,
  inclusionProofSchema,
  transparencyStatusSchema,
  ContractResultsSummary,
  DefectDraft,
  DefectLinkRequest,
  FlakyTestList,
  FreezeRequest,
  FreezeResponse,
  HardeningHealth,
  MilestoneList,
  MilestoneStatus,
  MilestoneUpdate,
  Runbook,
  RunbookListResponse,
  StoredAuditChainVerification,
  StoredContract,
  StoredContractViolation,
  StoredReport,
  StressRunSummary,
  TestCaseResult,
  TestReportSummary,
  TriageClassificationRequest,
  TriageFailureDetail,
  TriageQueueResponse,
  TriageStateChangeResponse,
  TriageStatusRequest,
  ValidationReportSummary,
  EntityScorecardResponse,
  GroupScorecardResponse,
  OrgScorecardResponse,
  FailureClustersQuery,
  FailureClustersResponse,
} from '@hardening/backstage-plugin-hardening-common';
import { HardeningApi } from './HardeningApi';
import { RunbookUploadResponse, TriageQueueRequest } from './triageTypes';
import {
  GroupScorecardRequest,
  OrgScorecardsCsvRequest,
  OrgScorecardsRequest,
} from './scorecardTypes';
import {
  AuditChainEntriesRequest,
  ContractViolationsRequest,
  FlakyTestsRequest,
  Page,
  PageRequest,
  RequiredGatesStatus,
  TestCasesRequest,
} from './types';

type Query = Record<string, string | number | undefined>;

/** What the client needs of a zod schema of -common: its `safeParse`. */
type AnswerSchema<T> = {
  safeParse(data: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: Array<{ path: PropertyKey[]; message: string }> };
      };
};

/** `/entities/<kind>/<namespace>/<name>`, each part URL-encoded, kind in lower case. */
export function entityApiPath(entity: CompoundEntityRef): string {
  return `/entities/${[
    entity.kind.toLocaleLowerCase('en-US'),
    entity.namespace,
    entity.name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}

/** `/triage/failures/<id>`, the id URL-encoded. */
function triageFailurePath(failureId: string): string {
  return `/triage/failures/${encodeURIComponent(failureId)}`;
}

function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Default {@link HardeningApi} implementation, calling the backend through the
 * app's discovery and (authenticated) fetch APIs.
 *
 * @public
 */
export class HardeningClient implements HardeningApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getHealth(): Promise<HardeningHealth> {
    return this.request<HardeningHealth>('/health');
  }

  listTestReports(entity: CompoundEntityRef, page?: PageRequest) {
    return this.entityGet<Page<StoredReport<TestReportSummary>>>(
      entity,
      '/test-reports',
      page,
    );
  }

  listTestCases(
    entity: CompoundEntityRef,
    reportId: string,
    request?: TestCasesRequest,
  ) {
    return this.entityGet<Page<TestCaseResult>>(
      entity,
      `/test-reports/${encodeURIComponent(reportId)}/cases`,
      request,
    );
  }

  listFlakyTests(entity: CompoundEntityRef, request?: FlakyTestsRequest) {
    return this.entityGet<FlakyTestList>(entity, '/tests/flaky', request);
  }

  listCiGates(entity: CompoundEntityRef, page?: PageRequest) {
    return this.entityGet<Page<StoredReport<CiGatesSummary>>>(
      entity,
      '/ci-gates',
      page,
    );
  }

  getRequiredGates(entity: CompoundEntityRef) {
    return this.entityGet<RequiredGatesStatus>(entity, '/required-gates');
  }

  async getContract(
    entity: CompoundEntityRef,
  ): Promise<StoredContract | undefined> {
    try {
      return await this.entityGet<StoredContract>(entity, '/contract');
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  listContractResults(entity: CompoundEntityRef, page?: PageRequest) {
    return this.entityGet<Page<StoredReport<ContractResultsSummary>>>(
      entity,
      '/contract-results',
      page,
    );
  }

  listContractViolations(
    entity: CompoundEntityRef,
    reportId: string,
    request?: ContractViolationsRequest,
  ) {
    return this.entityGet<Page<StoredContractViolation>>(
      entity,
      `/contract-results/${encodeURIComponent(reportId)}/violations`,
      request,
    );
  }

  listStressRuns(entity: CompoundEntityRef, page?: PageRequest) {
    return this.entityGet<Page<StoredReport<StressRunSummary>>>(
      entity,
      '/stress-runs',
      page,
    );
  }

  listValidationReports(entity: CompoundEntityRef, page?: PageRequest) {
    return this.entityGet<Page<StoredReport<ValidationReportSummary>>>(
      entity,
      '/validation-reports',
      page,
    );
  }

  listAuditChainEntries(
    entity: CompoundEntityRef,
    request?: AuditChainEntriesRequest,
  ) {
    return this.entityGet<AuditChainEntriesPage>(
      entity,
      '/audit-chain',
      request,
    );
  }

  verifyAuditChain(entity: CompoundEntityRef) {
    return this.entityGet<StoredAuditChainVerification>(
      entity,
      '/audit-chain/verify',
    );
  }

  getTransparencyStatus(entity: CompoundEntityRef) {
    return this.entityGetParsed(
      entity,
      '/audit-chain/transparency',
      transparencyStatusSchema,
    );
  }

  getInclusionProof(entity: CompoundEntityRef, seq: number, treeSize: number) {
    return this.entityGetParsed(
      entity,
      '/audit-chain/proof/inclusion',
      inclusionProofSchema,
      { seq, treeSize },
    );
  }

  getConsistencyProof(entity: CompoundEntityRef, from: number, to: number) {
    return this.entityGetParsed(
      entity,
      '/audit-chain/proof/consistency',
      consistencyProofSchema,
      { from, to },
    );
  }

  async getLogPublicKey(): Promise<string> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('hardening');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/transparency/public-key`,
      { headers: { Accept: 'text/plain' } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.text()).trim();
  }

  listMilestones(entity: CompoundEntityRef) {
    return this.entityGet<MilestoneList>(entity, '/milestones');
  }

  getMilestone(entity: CompoundEntityRef, milestoneId: string) {
    return this.entityGet<MilestoneStatus>(
      entity,
      `/milestones/${encodeURIComponent(milestoneId)}`,
    );
  }

  upsertMilestone(
    entity: CompoundEntityRef,
    milestoneId: string,
    milestone: MilestoneUpdate,
  ) {
    return this.request<MilestoneStatus>(
      `${entityApiPath(entity)}/milestones/${encodeURIComponent(milestoneId)}`,
      { method: 'PUT', body: milestone },
    );
  }

  freezeMilestone(
    entity: CompoundEntityRef,
    milestoneId: string,
    request: FreezeRequest = {},
  ) {
    return this.request<FreezeResponse>(
      `${entityApiPath(entity)}/milestones/${encodeURIComponent(
        milestoneId,
      )}/freeze`,
      { method: 'POST', body: request },
    );
  }

  getEntityScorecard(entity: CompoundEntityRef) {
    return this.request<EntityScorecardResponse>(
      `/scorecards${entityApiPath(entity)}`,
    );
  }

  getGroupScorecard(
    group: Pick<CompoundEntityRef, 'namespace' | 'name'>,
    request?: GroupScorecardRequest,
  ) {
    const path = [group.namespace, group.name].map(encodeURIComponent);
    return this.request<GroupScorecardResponse>(
      `/scorecards/groups/${path.join('/')}${queryString(request)}`,
    );
  }

  getOrgScorecards(request?: OrgScorecardsRequest) {
    return this.request<OrgScorecardResponse>(
      `/scorecards/org${queryString(request)}`,
    );
  }

  async getOrgScorecardsCsv(request?: OrgScorecardsCsvRequest): Promise<Blob> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('hardening');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/scorecards/org.csv${queryString(request)}`,
      { headers: { Accept: 'text/csv' } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.blob();
  }

  getTriageQueue(entity: CompoundEntityRef, request?: TriageQueueRequest) {
    return this.entityGet<TriageQueueResponse>(
      entity,
      '/triage/queue',
      request,
    );
  }

  getTeamTriageQueue(
    group: Pick<CompoundEntityRef, 'namespace' | 'name'>,
    request?: TriageQueueRequest,
  ) {
    const path = [group.namespace, group.name].map(encodeURIComponent);
    return this.request<TriageQueueResponse>(
      `/groups/${path.join('/')}/triage/queue${queryString(request)}`,
    );
  }

  getFailureClusters(request?: FailureClustersQuery) {
    return this.request<FailureClustersResponse>(
      `/failure-clusters${queryString(request)}`,
    );
  }

  getTriageFailure(entity: CompoundEntityRef, failureId: string) {
    return this.entityGet<TriageFailureDetail>(
      entity,
      triageFailurePath(failureId),
    );
  }

  classifyTriageFailure(
    entity: CompoundEntityRef,
    failureId: string,
    request: TriageClassificationRequest,
  ) {
    return this.triagePost(entity, failureId, '/classification', request);
  }

  changeTriageStatus(
    entity: CompoundEntityRef,
    failureId: string,
    request: TriageStatusRequest,
  ) {
    return this.triagePost(entity, failureId, '/status', request);
  }

  getDefectDraft(entity: CompoundEntityRef, failureId: string) {
    return this.entityGet<DefectDraft>(
      entity,
      `${triageFailurePath(failureId)}/defect`,
    );
  }

  linkTriageDefect(
    entity: CompoundEntityRef,
    failureId: string,
    request: DefectLinkRequest,
  ) {
    return this.triagePost(entity, failureId, '/defect-link', request);
  }

  listRunbooks(entity: CompoundEntityRef) {
    return this.entityGet<RunbookListResponse>(entity, '/runbooks');
  }

  getRunbook(entity: CompoundEntityRef, runbookId: string) {
    return this.entityGet<Runbook>(
      entity,
      `/runbooks/${encodeURIComponent(runbookId)}`,
    );
  }

  uploadRunbook(
    entity: CompoundEntityRef,
    runbookId: string,
    markdown: string,
  ) {
    return this.request<RunbookUploadResponse>(
      `${entityApiPath(entity)}/runbooks/${encodeURIComponent(runbookId)}`,
      { method: 'PUT', body: markdown, contentType: 'text/markdown' },
    );
  }

  private triagePost(
    entity: CompoundEntityRef,
    failureId: string,
    action: string,
    body: object,
  ) {
    return this.request<TriageStateChangeResponse>(
      `${entityApiPath(entity)}${triageFailurePath(failureId)}${action}`,
      { method: 'POST', body },
    );
  }

  private entityGet<T>(
    entity: CompoundEntityRef,
    path: string,
    query?: Query,
  ): Promise<T> {
    return this.request<T>(
      `${entityApiPath(entity)}${path}${queryString(query)}`,
    );
  }

  /** A GET whose answer is checked against `schema`: a malformed answer is an error. */
  private async entityGetParsed<T>(
    entity: CompoundEntityRef,
    path: string,
    schema: AnswerSchema<T>,
    query?: Query,
  ): Promise<T> {
    const body = await this.entityGet<unknown>(entity, path, query);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `The backend's answer to ${path} is malformed: ${
          issue.path.map(String).join('.') || 'body'
        }: ${issue.message}`,
      );
    }
    return parsed.data;
  }

  private async request<T>(
    path: string,
    init: {
      method?: 'GET' | 'PUT' | 'POST';
      body?: unknown;
      /** Sends `body`, a string, as is with this type instead of as JSON. */
      contentType?: string;
    } = {},
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('hardening');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init.body === undefined
        ? { method: init.method ?? 'GET' }
        : {
            method: init.method,
            headers: { 'Content-Type': init.contentType ?? 'application/json' },
            body: init.contentType
              ? String(init.body)
              : JSON.stringify(init.body),
          },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
