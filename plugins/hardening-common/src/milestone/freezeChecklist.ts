import { z } from 'zod';
import {
  CiGatesSummary,
  EvidenceKind,
  StoredReport,
  TestReportSummary,
} from '../evidence';
import { ContractResultsSummary, StoredContract } from '../contract';
import { StressRunSummary } from '../stress';
import { FreezeWitnessStatus } from './freezeWitnesses';
import { gitTagNameSchema, ReportedGitTag } from './gitTags';
import { Milestone } from './milestone';
import { RequiredGates } from './requiredGates';

/**
 * The items of the frozen-state checklist: the five of every milestone, and `witnesses`
 * when the backend's config requires witness cosignatures for a freeze.
 *
 * @public
 */
export type FreezeChecklistItemId =
  | 'contract'
  | 'stress'
  | 'e2e'
  | 'gates'
  | 'tag'
  | 'witnesses';

/**
 * The checklist items of every milestone in the order they are shown, with their labels.
 *
 * @public
 */
export const FREEZE_CHECKLIST_ITEMS: ReadonlyArray<{
  id: Exclude<FreezeChecklistItemId, 'witnesses'>;
  label: string;
}> = [
  { id: 'contract', label: 'Contract gates active and passing' },
  { id: 'stress', label: 'Stress run within thresholds' },
  { id: 'e2e', label: 'E2E coverage of happy and security paths' },
  { id: 'gates', label: 'Required CI gates green' },
  { id: 'tag', label: 'Milestone tag reported' },
];

/**
 * The sixth item, last, present only when `hardening.transparency.freezeRequiresWitnesses`
 * names witnesses (see {@link FreezeWitnessStatus}).
 *
 * @public
 */
export const WITNESSES_CHECKLIST_ITEM = {
  id: 'witnesses',
  label: 'Required witnesses cosigned the current checkpoint',
} as const;

/**
 * A piece of evidence a checklist item was decided on: a stored report, or for the
 * contract item the entity's current contract (kind `contract`, `reportId` = contract id,
 * `receivedAt` = when it became current).
 *
 * @public
 */
export type ChecklistEvidence = {
  kind: EvidenceKind | 'contract';
  reportId: string;
  digest: string;
  receivedAt: string;
};

/**
 * A piece of evidence a freeze was decided on, as the freeze records it: the checklist's
 * evidence and, for a stored report, what tells it apart from the other reports with the
 * same body digest (every green run of a gates file has the same bytes): its identity
 * digest (SHA-256 of the body digest and the CI context, see the backend's
 * `reportIdentity`) and the run it came from, each when the upload gave it. The contract
 * item has none of these; freezes recorded before they were kept have none either.
 *
 * @public
 */
export type FrozenEvidence = ChecklistEvidence & {
  identityDigest?: string;
  commit?: string;
  runId?: string;
  runAttempt?: number;
  runUrl?: string;
};

/**
 * One item of a milestone's checklist: whether it passed and, in a sentence, exactly why.
 *
 * @public
 */
export type ChecklistItem = {
  id: FreezeChecklistItemId;
  label: string;
  passed: boolean;
  reason: string;
  evidence: ChecklistEvidence[];
};

/**
 * Where a milestone stands:
 *
 * - `ready`: not frozen, every item green: it may be frozen;
 * - `blocked`: not frozen, some item not green;
 * - `frozen`: frozen and every item still green;
 * - `regressed`: frozen, and since then some item stopped being green. A milestone marked
 *   regressed stays regressed until it is frozen again, even if the items turn green.
 *
 * @public
 */
export type FreezeState = 'frozen' | 'ready' | 'blocked' | 'regressed';

/**
 * The frozen-state checklist of a milestone, computed from stored evidence.
 *
 * @public
 */
export type FreezeChecklist = {
  milestoneId: string;
  state: FreezeState;
  evaluatedAt: string;
  items: ChecklistItem[];
  /** The required CI gates the `gates` item judged, and where they come from. */
  requiredGates: RequiredGates;
  /**
   * The witnesses a freeze requires and what each cosigned, when config requires any:
   * what the `witnesses` item judged.
   */
  witnesses?: FreezeWitnessStatus;
  /**
   * The milestone's e2e tests in the `disabled` state: a freeze needs a
   * `disabledTestsReason` while there are any.
   */
  disabledE2eTests?: string[];
};

/**
 * What freezing a milestone recorded: the tag, when, who, the evidence relied on, and the
 * hash of the `freeze` entry appended to the entity's release audit chain.
 *
 * @public
 */
export type FreezeRecord = {
  milestoneId: string;
  tag: string;
  frozenAt: string;
  /** User entity ref of whoever froze it. */
  frozenBy: string;
  evidence: FrozenEvidence[];
  chainEntryHash: string;
};

/**
 * When a frozen milestone's checklist stopped being green, and which items failed.
 *
 * @public
 */
export type MilestoneRegression = {
  regressedAt: string;
  failingItems: Array<Pick<ChecklistItem, 'id' | 'label' | 'reason'>>;
};

/**
 * A milestone as the backend keeps it, with its latest freeze and regression.
 *
 * @public
 */
export type StoredMilestone = Milestone & {
  entityRef: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** The latest freeze, null when the milestone was never frozen. */
  freeze: FreezeRecord | null;
  /** Set when the milestone regressed after its latest freeze. */
  regression: MilestoneRegression | null;
};

/**
 * A milestone with its checklist as of now.
 *
 * @public
 */
export type MilestoneStatus = {
  milestone: StoredMilestone;
  checklist: FreezeChecklist;
};

/**
 * Body of `GET …/milestones`.
 *
 * @public
 */
export type MilestoneList = { items: MilestoneStatus[] };

/**
 * Body of `POST …/milestones/{id}/freeze`. `tag` names the tag to record; it must be the
 * milestone's expected tag (the default).
 *
 * @public
 */
export const freezeRequestSchema = z.strictObject({
  tag: gitTagNameSchema.optional(),
  /** Why the milestone may be frozen while some of its e2e tests are disabled. */
  disabledTestsReason: z.string().trim().min(1).max(1000).optional(),
});

/** @public */
export type FreezeRequest = z.infer<typeof freezeRequestSchema>;

/**
 * Answer of an accepted freeze.
 *
 * @public
 */
export type FreezeResponse = MilestoneStatus & { freeze: FreezeRecord };

/**
 * The stored evidence of an entity a checklist is computed from. Leave a field out when
 * the entity has no such evidence.
 *
 * @public
 */
export type FreezeEvidence = {
  /** The entity's current delivery contract. */
  contract?: Pick<StoredContract, 'id' | 'digest' | 'uploadedAt' | 'contract'>;
  /** The newest contract-results report. */
  contractResults?: StoredReport<ContractResultsSummary>;
  /** The newest stress run. */
  stressRun?: StoredReport<StressRunSummary>;
  /** The newest CI gates report. */
  gates?: StoredReport<CiGatesSummary>;
  /** The entity's required-gates list (every milestone needs them too); none when left out. */
  requiredGates?: string[];
  /** The newest test report carrying each tag, by tag. */
  taggedTestReports?: Partial<Record<string, StoredReport<TestReportSummary>>>;
  /**
   * By id of a tagged test report: its failed or errored tests that are quarantined. The
   * e2e item does not count them.
   */
  quarantinedFailures?: Partial<Record<string, string[]>>;
  /** Tests in the `disabled` state that ran in a report carrying one of the e2e tags. */
  disabledE2eTests?: string[];
  /** Reported git tags (at least those a milestone expects), newest report first. */
  gitTags?: ReportedGitTag[];
  /** The witnesses config requires for a freeze; no `witnesses` item when left out or empty. */
  witnesses?: FreezeWitnessStatus;
};
