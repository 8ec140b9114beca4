import { failureFingerprint } from './failureFingerprint';
import { TriageDiagnosticsReason, TriageReportSummary } from './storedTriage';
import {
  INVARIANT_TAXONOMY,
  invariantPrefix,
  isInTaxonomy,
  SCENARIO_TAXONOMY,
  scenarioPrefix,
  TriageTaxonomyExtension,
} from './taxonomy';
import { TriageFailure } from './triageReport';

/**
 * A failure with what ingestion derives from it.
 *
 * @public
 */
export type ClassifiedTriageFailure = TriageFailure & {
  fingerprint: string;
  scenarioPrefix?: string;
  invariantPrefix?: string;
  /** The failure does not name its scenario or invariant: a harness/diagnostics defect. */
  diagnosticsDefect: boolean;
  diagnosticsReason?: TriageDiagnosticsReason;
  /** A given id has a prefix outside the (extended) taxonomy. */
  unknownTaxonomy: boolean;
};

function diagnosticsReason(
  failure: TriageFailure,
): TriageDiagnosticsReason | undefined {
  if (!failure.scenarioId && !failure.invariantId) {
    return 'missing scenarioId and invariantId';
  }
  if (!failure.scenarioId) {
    return 'missing scenarioId';
  }
  if (!failure.invariantId) {
    return 'missing invariantId';
  }
  return undefined;
}

/**
 * Derives the fingerprint, the taxonomy prefixes and the flags of a failure. A failure
 * without a scenarioId or invariantId is a diagnostics defect; an id whose prefix is not
 * in the taxonomy (built-in plus `extension`) marks the failure `unknownTaxonomy`.
 *
 * @public
 */
export function classifyTriageFailure(
  failure: TriageFailure,
  extension: TriageTaxonomyExtension = {},
): ClassifiedTriageFailure {
  const reason = diagnosticsReason(failure);
  const { scenarioId, invariantId } = failure;
  const unknownScenario =
    scenarioId !== undefined &&
    !isInTaxonomy(
      scenarioId,
      SCENARIO_TAXONOMY,
      extension.scenarioPrefixes ?? [],
    );
  const unknownInvariant =
    invariantId !== undefined &&
    !isInTaxonomy(
      invariantId,
      INVARIANT_TAXONOMY,
      extension.invariantPrefixes ?? [],
    );
  const classified: ClassifiedTriageFailure = {
    ...failure,
    fingerprint: failureFingerprint(failure),
    diagnosticsDefect: reason !== undefined,
    unknownTaxonomy: unknownScenario || unknownInvariant,
  };
  const sPrefix = scenarioId && scenarioPrefix(scenarioId);
  const iPrefix = invariantId && invariantPrefix(invariantId);
  if (sPrefix) classified.scenarioPrefix = sPrefix;
  if (iPrefix) classified.invariantPrefix = iPrefix;
  if (reason) classified.diagnosticsReason = reason;
  return classified;
}

function countBy(values: (string | undefined)[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== undefined) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The summary stored with a triage report.
 *
 * @public
 */
export function summarizeTriageFailures(
  failures: readonly ClassifiedTriageFailure[],
  runId?: string,
): TriageReportSummary {
  return {
    ...(runId ? { runId } : {}),
    failures: failures.length,
    diagnosticsDefects: failures.filter(f => f.diagnosticsDefect).length,
    unknownTaxonomy: failures.filter(f => f.unknownTaxonomy).length,
    byScenarioPrefix: countBy(failures.map(f => f.scenarioPrefix)),
    byInvariantPrefix: countBy(failures.map(f => f.invariantPrefix)),
  };
}
