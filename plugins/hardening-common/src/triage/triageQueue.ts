import { ReportUploader } from '../evidence/reportUploader';
import { RunbookSectionLink } from '../runbook/runbook';
import { StoredTriageFailure, TriageDiagnosticsReason } from './storedTriage';
import { TestOwners } from './testOwners';
import { TriageEvidence } from './triageReport';
import {
  TriageEscalation,
  TriageFailureState,
  TriageHistoryEntry,
  TriageRouting,
  TriageSuggestion,
} from './triageWorkflow';

/**
 * A taxonomy prefix with its display name, when the built-in or configured taxonomy
 * knows it.
 *
 * @public
 */
export type TriageTaxonomyTag = {
  prefix: string;
  label?: string;
  /** The prefix is in the built-in or configured taxonomy. */
  known: boolean;
};

/**
 * One entry of a triage queue: a failure (all occurrences of one fingerprint of an
 * entity) with its triage state, suggestion, owner and escalation flags.
 *
 * @public
 */
export type TriageQueueItem = {
  entityRef: string;
  /**
   * The newest occurrence; the id to classify, change the status of, render the defect of
   * or link a defect to (the action applies to every occurrence of the fingerprint).
   */
  failureId: string;
  fingerprint: string;
  scenarioId?: string;
  invariantId?: string;
  scenario?: TriageTaxonomyTag;
  invariant?: TriageTaxonomyTag;
  organizationUnderTest?: string;
  /** Key entity ids of the newest occurrence. */
  keyEntityIds: string[];
  /** Evidence pointers of the newest occurrence. */
  evidence: TriageEvidence[];
  title?: string;
  symptom?: string;
  message?: string;
  /** Commit and CI run of the newest occurrence's report. */
  commit?: string;
  ciRunUrl?: string;
  /** Who uploaded the newest occurrence's report; absent when it was not recorded. */
  uploader?: ReportUploader;
  firstSeen: string;
  lastSeen: string;
  occurrences: number;
  reports: number;
  diagnosticsDefect: boolean;
  diagnosticsReason?: TriageDiagnosticsReason;
  unknownTaxonomy: boolean;
  state: TriageFailureState;
  /** Absent when no rule or history fact applies. */
  suggestion?: TriageSuggestion;
  routing: TriageRouting;
  escalation: TriageEscalation;
  /** The runbook section for the scenario prefix, when a runbook has one. */
  runbookSection?: RunbookSectionLink;
  /**
   * Who owns the failing test, when the newest occurrence names its test file in the
   * `file` label: CODEOWNERS owners, else the entity owner.
   */
  owners?: TestOwners;
};

/**
 * Answer of `GET …/triage/queue` (one entity) and `GET /groups/…/triage/queue` (the
 * entities a team owns).
 *
 * @public
 */
export type TriageQueueResponse = {
  items: TriageQueueItem[];
  /** The entities the queue covers (for a team: those the caller may read). */
  entityRefs: string[];
  /** When the queue was computed; escalation is judged at this time. */
  evaluatedAt: string;
  escalateAfterHours: number;
};

/**
 * Answer of `GET …/triage/failures/{id}`: the queue entry of the failure's fingerprint,
 * the occurrence asked for and the state history, oldest first.
 *
 * @public
 */
export type TriageFailureDetail = {
  item: TriageQueueItem;
  failure: StoredTriageFailure;
  history: TriageHistoryEntry[];
};

/**
 * Answer of the classification, status and defect-link routes.
 *
 * @public
 */
export type TriageStateChangeResponse = {
  state: TriageFailureState;
  entry: TriageHistoryEntry;
};
