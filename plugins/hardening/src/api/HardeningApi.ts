import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AuditChainEntriesPage,
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
  CiGatesSummary,
  ConsistencyProof,
  InclusionProof,
  TransparencyStatus,
  ValidationReportSummary,
  EntityScorecardResponse,
  GroupScorecardResponse,
  OrgScorecardResponse,
  FailureClustersQuery,
  FailureClustersResponse,
} from '@hardening/backstage-plugin-hardening-common';
import {
  AuditChainEntriesRequest,
  ContractViolationsRequest,
  FlakyTestsRequest,
  Page,
  PageRequest,
  RequiredGatesStatus,
  TestCasesRequest,
} from './types';
import { RunbookUploadResponse, TriageQueueRequest } from './triageTypes';
import {
  GroupScorecardRequest,
  OrgScorecardsCsvRequest,
  OrgScorecardsRequest,
} from './scorecardTypes';

/**
 * Typed access to the Hardening backend. Every per-entity method takes the entity's
 * compound ref; failures are thrown as `ResponseError` (from `@backstage/errors`), whose
 * `cause.message` is the backend's own explanation.
 *
 * @public
 */
export interface HardeningApi {
  getHealth(): Promise<HardeningHealth>;

  /** Test reports, newest first. */
  listTestReports(
    entity: CompoundEntityRef,
    page?: PageRequest,
  ): Promise<Page<StoredReport<TestReportSummary>>>;
  /** The per-test results of one test report, optionally of one status. */
  listTestCases(
    entity: CompoundEntityRef,
    reportId: string,
    request?: TestCasesRequest,
  ): Promise<Page<TestCaseResult>>;
  /** The flaky tests of the flaky window (last 14 days), most flaky first, and their count. */
  listFlakyTests(
    entity: CompoundEntityRef,
    request?: FlakyTestsRequest,
  ): Promise<FlakyTestList>;

  /** CI gate reports, newest first. */
  listCiGates(
    entity: CompoundEntityRef,
    page?: PageRequest,
  ): Promise<Page<StoredReport<CiGatesSummary>>>;
  getRequiredGates(entity: CompoundEntityRef): Promise<RequiredGatesStatus>;

  /** The current delivery contract; `undefined` when the entity has none (404). */
  getContract(entity: CompoundEntityRef): Promise<StoredContract | undefined>;
  /** Contract-results reports, newest first. */
  listContractResults(
    entity: CompoundEntityRef,
    page?: PageRequest,
  ): Promise<Page<StoredReport<ContractResultsSummary>>>;
  listContractViolations(
    entity: CompoundEntityRef,
    reportId: string,
    request?: ContractViolationsRequest,
  ): Promise<Page<StoredContractViolation>>;

  /** Stress runs, newest first. */
  listStressRuns(
    entity: CompoundEntityRef,
    page?: PageRequest,
  ): Promise<Page<StoredReport<StressRunSummary>>>;

  /** Production validation reports, newest first. */
  listValidationReports(
    entity: CompoundEntityRef,
    page?: PageRequest,
  ): Promise<Page<StoredReport<ValidationReportSummary>>>;

  /**
   * The stored release audit chain with its recorded head: oldest entry first, or newest
   * first with `order: 'desc'`.
   */
  listAuditChainEntries(
    entity: CompoundEntityRef,
    request?: AuditChainEntriesRequest,
  ): Promise<AuditChainEntriesPage>;
  /** The stored chain re-verified by the backend; a broken chain is `ok: false`, not an error. */
  verifyAuditChain(
    entity: CompoundEntityRef,
  ): Promise<StoredAuditChainVerification>;
  /**
   * The latest signed checkpoint of the entity's transparency log (the chain's entries
   * as a Merkle tree), its signer and the witnesses' cosignatures. Only its signed note
   * is evidence: verify it with a key you trust before believing the other fields.
   */
  getTransparencyStatus(entity: CompoundEntityRef): Promise<TransparencyStatus>;
  /** The inclusion proof of entry `seq` in the log's tree of `treeSize` entries. */
  getInclusionProof(
    entity: CompoundEntityRef,
    seq: number,
    treeSize: number,
  ): Promise<InclusionProof>;
  /** The consistency proof from the log's tree of `from` entries to that of `to`. */
  getConsistencyProof(
    entity: CompoundEntityRef,
    from: number,
    to: number,
  ): Promise<ConsistencyProof>;
  /** The verifier key (C2SP vkey text) the backend says it signs checkpoints with. */
  getLogPublicKey(): Promise<string>;

  /** Every milestone of the entity with its freeze checklist as of now. */
  listMilestones(entity: CompoundEntityRef): Promise<MilestoneList>;
  getMilestone(
    entity: CompoundEntityRef,
    milestoneId: string,
  ): Promise<MilestoneStatus>;
  /** Creates or replaces a milestone (needs `hardening.milestone.manage`). */
  upsertMilestone(
    entity: CompoundEntityRef,
    milestoneId: string,
    milestone: MilestoneUpdate,
  ): Promise<MilestoneStatus>;
  /**
   * Freezes a milestone (needs `hardening.milestone.manage`). The backend refuses with 409,
   * and says why, when the checklist is not green.
   */
  freezeMilestone(
    entity: CompoundEntityRef,
    milestoneId: string,
    request?: FreezeRequest,
  ): Promise<FreezeResponse>;

  /**
   * The entity's failures still needing work, one per fingerprint, with the suggested
   * class and why, the routed owner, escalation flags and the runbook section.
   */
  getTriageQueue(
    entity: CompoundEntityRef,
    request?: TriageQueueRequest,
  ): Promise<TriageQueueResponse>;
  /** The triage queue of the entities a group, or a group below it, owns. */
  getTeamTriageQueue(
    group: Pick<CompoundEntityRef, 'namespace' | 'name'>,
    request?: TriageQueueRequest,
  ): Promise<TriageQueueResponse>;
  /**
   * Failures across the entities the caller may read, grouped by their normalised
   * message and top frames, highest impact first; with `ownedBy`, only the clusters
   * touching a group's entities.
   */
  getFailureClusters(
    request?: FailureClustersQuery,
  ): Promise<FailureClustersResponse>;
  /** One failure: its queue entry, the occurrence and its state history, oldest first. */
  getTriageFailure(
    entity: CompoundEntityRef,
    failureId: string,
  ): Promise<TriageFailureDetail>;
  /** Classifies a failure (needs `hardening.triage.manage`); 409 when it is closed. */
  classifyTriageFailure(
    entity: CompoundEntityRef,
    failureId: string,
    request: TriageClassificationRequest,
  ): Promise<TriageStateChangeResponse>;
  /** Closes or reopens a failure (needs `hardening.triage.manage`); 409 off the lifecycle. */
  changeTriageStatus(
    entity: CompoundEntityRef,
    failureId: string,
    request: TriageStatusRequest,
  ): Promise<TriageStateChangeResponse>;
  /** The failure's defect as Markdown, and a prefilled new-issue link when there is a tracker. */
  getDefectDraft(
    entity: CompoundEntityRef,
    failureId: string,
  ): Promise<DefectDraft>;
  /** Records the issue a defect was filed as (needs `hardening.triage.manage`). */
  linkTriageDefect(
    entity: CompoundEntityRef,
    failureId: string,
    request: DefectLinkRequest,
  ): Promise<TriageStateChangeResponse>;

  /** The entity's runbooks (annotated files, then uploads), without their Markdown. */
  listRunbooks(entity: CompoundEntityRef): Promise<RunbookListResponse>;
  /** One runbook, parsed; a file that could not be read comes back with `error` only. */
  getRunbook(entity: CompoundEntityRef, runbookId: string): Promise<Runbook>;
  /** Uploads a runbook's Markdown (needs `hardening.triage.manage`). */
  uploadRunbook(
    entity: CompoundEntityRef,
    runbookId: string,
    markdown: string,
  ): Promise<RunbookUploadResponse>;

  /** The scorecard of one entity: its metrics, level and what it misses for the next. */
  getEntityScorecard(
    entity: CompoundEntityRef,
  ): Promise<EntityScorecardResponse>;
  /** A group's scorecard, rolled up through its child groups, with its daily trend. */
  getGroupScorecard(
    group: Pick<CompoundEntityRef, 'namespace' | 'name'>,
    request?: GroupScorecardRequest,
  ): Promise<GroupScorecardResponse>;
  /** Teams ranked, a page of the entity table and each team's trend, under the filters. */
  getOrgScorecards(
    request?: OrgScorecardsRequest,
  ): Promise<OrgScorecardResponse>;
  /** The whole entity table under the filters as CSV (`text/csv`), for a download. */
  getOrgScorecardsCsv(request?: OrgScorecardsCsvRequest): Promise<Blob>;
}

/** @public */
export const hardeningApiRef = createApiRef<HardeningApi>({
  id: 'plugin.hardening.api',
});
