import { TriageEvidence } from './triageReport';

/**
 * Why a failure counts as a defect of the harness or its diagnostics: it does not say
 * which scenario or which invariant failed.
 *
 * @public
 */
export type TriageDiagnosticsReason =
  | 'missing scenarioId'
  | 'missing invariantId'
  | 'missing scenarioId and invariantId';

/**
 * Summary of a stored triage report.
 *
 * @public
 */
export type TriageReportSummary = {
  /** The CI run id the report names, if any. */
  runId?: string;
  failures: number;
  /** Failures without a scenarioId or invariantId. */
  diagnosticsDefects: number;
  /** Failures whose id prefix is in neither the built-in nor the configured taxonomy. */
  unknownTaxonomy: number;
  /** Failures per scenario prefix (failures without a scenarioId are not counted here). */
  byScenarioPrefix: Record<string, number>;
  /** Failures per invariant prefix (failures without an invariantId are not counted here). */
  byInvariantPrefix: Record<string, number>;
};

/**
 * One stored failure of a triage report.
 *
 * @public
 */
export type StoredTriageFailure = {
  /** Database id, as a string. */
  id: string;
  reportId: string;
  /** When the report holding the failure was received. */
  receivedAt: string;
  /** Commit of the report's CI context. */
  commit?: string;
  fingerprint: string;
  scenarioId?: string;
  invariantId?: string;
  scenarioPrefix?: string;
  invariantPrefix?: string;
  organizationUnderTest?: string;
  keyEntityIds: string[];
  title?: string;
  symptom?: string;
  message?: string;
  stack?: string;
  evidence: TriageEvidence[];
  occurredAt?: string;
  labels: Record<string, string>;
  diagnosticsDefect: boolean;
  diagnosticsReason?: TriageDiagnosticsReason;
  unknownTaxonomy: boolean;
};

/**
 * All occurrences of one failure (one fingerprint) of an entity.
 *
 * @public
 */
export type TriageFailureGroup = {
  fingerprint: string;
  scenarioId?: string;
  invariantId?: string;
  scenarioPrefix?: string;
  invariantPrefix?: string;
  /** Stored failures with this fingerprint. */
  occurrences: number;
  /** Reports those failures came in. */
  reports: number;
  /** Receipt time of the first and of the newest report with this failure. */
  firstSeen: string;
  lastSeen: string;
  /** The newest occurrence. */
  latestFailureId: string;
  latestReportId: string;
  latestTitle?: string;
  latestMessage?: string;
  diagnosticsDefect: boolean;
  diagnosticsReason?: TriageDiagnosticsReason;
  unknownTaxonomy: boolean;
};
