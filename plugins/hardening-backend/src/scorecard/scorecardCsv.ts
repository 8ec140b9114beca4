import {
  EntityScorecard,
  ScorecardExtensionMetricDefinition,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';

type Cell = string | number | boolean | null;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes
 * doubled. A text starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so
 * that a spreadsheet does not run an entity title as a formula.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const metric =
  <K extends keyof ScorecardMetrics>(key: K) =>
  (e: EntityScorecard): Cell =>
    e.metrics[key] as Cell;

/** The columns of the export, in order. */
const COLUMNS: ReadonlyArray<[string, (e: EntityScorecard) => Cell]> = [
  ['entity', e => e.entityRef],
  ['title', e => e.title ?? null],
  ['owner', e => e.owner],
  ['system', e => e.system],
  ['tier', e => e.tier],
  ['lifecycle', e => e.lifecycle],
  ['level', e => e.level?.id ?? null],
  ['rank', e => e.rank],
  ['milestone', metric('milestoneId')],
  ['freeze_state', metric('freezeState')],
  ['failing_checklist_items', e => e.metrics.failingChecklistItems.join(' ')],
  ['days_since_freeze', metric('daysSinceFreeze')],
  ['days_since_regression', metric('daysSinceRegression')],
  ['contract_gate_pass_rate', metric('contractGatePassRate')],
  ['required_gates_green', metric('requiredGatesGreen')],
  ['failing_required_gates', e => e.metrics.failingRequiredGates.join(' ')],
  ['stress_p95_ms', metric('stressP95Ms')],
  ['stress_p95_limit_ms', metric('stressP95LimitMs')],
  ['stress_error_rate', metric('stressErrorRate')],
  ['stress_error_rate_limit', metric('stressErrorRateLimit')],
  ['stress_within_thresholds', metric('stressWithinThresholds')],
  ['release_chain_verified', metric('releaseChainVerified')],
  ['validation_passed', metric('validationPassed')],
  ['validation_failed', metric('validationFailed')],
  ['open_triage_failures', metric('openTriageFailures')],
  ['oldest_open_triage_days', metric('oldestOpenTriageDays')],
  ['flaky_tests', metric('flakyTests')],
  ['runbooks', metric('runbooks')],
  ['stale_runbooks', metric('staleRunbooks')],
  ['last_evidence_at', metric('lastEvidenceAt')],
  ['missing_for_next_level', e => e.missingForNextLevel.join('; ')],
];

/** The headers of the built-in columns; a metric a module adds may not take one. */
export const CSV_COLUMN_NAMES: ReadonlySet<string> = new Set(
  COLUMNS.map(([header]) => header),
);

/** The value of a metric a module added; null when the entity has none. */
const extension =
  (name: string) =>
  (e: EntityScorecard): Cell => {
    const values = e.metrics.extensions;
    return values && Object.hasOwn(values, name) ? values[name] : null;
  };

/**
 * The org table as CSV text: a header line, then one line per entity (CRLF endings).
 * The metrics modules added (`extensionMetrics`) follow the built-in columns, one each,
 * headed by the metric's name; a cell is empty when the entity has no value.
 */
export function scorecardsCsv(
  scorecards: readonly EntityScorecard[],
  extensionMetrics: readonly ScorecardExtensionMetricDefinition[] = [],
): string {
  const columns = [
    ...COLUMNS,
    ...extensionMetrics.map(m => [m.name, extension(m.name)] as const),
  ];
  const lines = [columns.map(([name]) => csvField(name)).join(',')];
  for (const e of scorecards) {
    lines.push(columns.map(([, value]) => csvField(value(e))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
