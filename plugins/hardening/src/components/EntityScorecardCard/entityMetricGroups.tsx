import {
  describeFlakyCount,
  SCORECARD_METRIC_DEFINITIONS as METRICS,
  ScorecardExtensionMetricDefinition,
  ScorecardMetrics,
  ScorecardTriageCounts,
  TRIAGE_CLASS_LABELS,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import {
  extensionMetricValue,
  formatExtensionMetric,
} from '../../utils/extensionMetrics';
import { formatMs, formatPercent, plural } from '../../utils/format';
import { RequiredGatesNote } from '../RequiredGates';
import { FreezeStateCell, MetricItem } from '../ScorecardParts';
import { StatusKind, StatusLabel, passFail } from '../StatusLabel';
import { RelativeTime } from '../Words';

/** A heading and the metrics under it. */
export type MetricGroup = { title: string; items: MetricItem[] };

/** What a metric without evidence shows, instead of a 0 or a dash. */
const Missing = (props: { children: ReactNode }) => (
  <Typography component="span" variant="body2" color="textSecondary">
    {props.children}
  </Typography>
);

/** `value`, or the words saying that the evidence behind it is missing. */
function orMissing<T>(
  value: T | null,
  missing: string,
  show: (value: T) => ReactNode,
): ReactNode {
  return value === null ? <Missing>{missing}</Missing> : show(value);
}

const status = (kind: StatusKind, text: string) => (
  <StatusLabel kind={kind}>{text}</StatusLabel>
);

/** A count of things that need work: fine at 0, a warning above. */
const count = (n: number) => status(n === 0 ? 'ok' : 'warning', String(n));

/** Whose stress limits the scorecard used: the current milestone's, else the defaults. */
const limitsOf = (m: ScorecardMetrics) =>
  m.milestoneId ? `${m.milestoneId}'s limit` : 'the default limit';

/** `256 ms against M3.4's limit of 100 ms`, green within the limit. */
const againstLimit = (
  m: ScorecardMetrics,
  value: number | null,
  limit: number,
  format: (n: number) => string,
) =>
  orMissing(value, 'No stress run yet', v =>
    status(
      passFail(v <= limit),
      `${format(v)} ${v <= limit ? 'within' : 'against'} ${limitsOf(
        m,
      )} of ${format(limit)}`,
    ),
  );

const TRIAGE_LABELS: Record<keyof ScorecardTriageCounts, string> = {
  ...TRIAGE_CLASS_LABELS,
  unclassified: 'Unclassified',
};

/** `3` and, under it, `Flake 2 · Unclassified 1`: the classes that have open failures. */
function openFailures(m: ScorecardMetrics): ReactNode {
  const byClass = (
    Object.keys(TRIAGE_LABELS) as Array<keyof ScorecardTriageCounts>
  )
    .filter(key => (m.openTriageByClass[key] ?? 0) > 0)
    .map(key => `${TRIAGE_LABELS[key]} ${m.openTriageByClass[key]}`);
  return (
    <>
      {count(m.openTriageFailures)}
      {byClass.length > 0 && (
        <Typography variant="caption" color="textSecondary" display="block">
          {byClass.join(' · ')}
        </Typography>
      )}
    </>
  );
}

/** Green or the failing gates, then which gates they are and where they come from. */
function requiredGates(m: ScorecardMetrics): ReactNode {
  const verdict = orMissing(
    m.requiredGatesGreen,
    'No CI gates report yet',
    green => {
      if (green) return status('ok', 'Green');
      const names = m.failingRequiredGates;
      return status(
        'error',
        names.length > 0 ? `Failing: ${names.join(', ')}` : 'Failing',
      );
    },
  );
  return (
    <>
      {verdict}
      <RequiredGatesNote required={m.requiredGates} />
    </>
  );
}

/**
 * The metrics backend modules added, each with its description, under "Other metrics";
 * no group when no module adds one.
 */
function extensionGroups(
  m: ScorecardMetrics,
  metrics: readonly ScorecardExtensionMetricDefinition[],
): MetricGroup[] {
  if (metrics.length === 0) return [];
  return [
    {
      title: 'Other metrics',
      items: metrics.map(metric => ({
        term: metric.title,
        value: orMissing(
          formatExtensionMetric(metric, extensionMetricValue(m, metric.name)),
          'No value yet',
          text => text,
        ),
        description: metric.description,
      })),
    },
  ];
}

/**
 * The metrics of an entity's scorecard, grouped by the evidence they come from, then
 * those backend modules added (`extensionMetrics` of the response).
 */
export function entityMetricGroups(
  m: ScorecardMetrics,
  extensionMetrics: readonly ScorecardExtensionMetricDefinition[] = [],
): MetricGroup[] {
  const item = (term: string, value: ReactNode): MetricItem => ({
    term,
    value,
  });
  return [
    {
      title: 'Milestone',
      items: [item(METRICS.freezeState.label, <FreezeStateCell metrics={m} />)],
    },
    {
      title: 'Gates',
      items: [
        item(
          METRICS.contractGatePassRate.label,
          orMissing(
            m.contractGatePassRate,
            'No contract results yet',
            formatPercent,
          ),
        ),
        item(METRICS.requiredGatesGreen.label, requiredGates(m)),
      ],
    },
    {
      title: 'Stress run',
      items: [
        item(
          METRICS.stressWithinThresholds.label,
          orMissing(m.stressWithinThresholds, 'No stress run yet', passing =>
            status(passFail(passing), m.stressVerdict ?? ''),
          ),
        ),
        item(
          METRICS.stressP95Ms.label,
          againstLimit(m, m.stressP95Ms, m.stressP95LimitMs, formatMs),
        ),
        item(
          METRICS.stressErrorRate.label,
          againstLimit(
            m,
            m.stressErrorRate,
            m.stressErrorRateLimit,
            formatPercent,
          ),
        ),
      ],
    },
    {
      title: 'Release',
      items: [
        item(
          METRICS.releaseChainVerified.label,
          orMissing(m.releaseChainVerified, 'No release chain yet', ok =>
            status(passFail(ok), ok ? 'Verified' : 'Not verified'),
          ),
        ),
        item(
          METRICS.validationPassed.label,
          orMissing(m.validationPassed, 'No validation report yet', String),
        ),
        item(
          METRICS.validationFailed.label,
          orMissing(m.validationFailed, 'No validation report yet', count),
        ),
      ],
    },
    {
      title: 'Triage and tests',
      items: [
        item(METRICS.openTriageFailures.label, openFailures(m)),
        ...(m.openTriageFailures > 0
          ? [
              item(
                METRICS.oldestOpenTriageDays.label,
                plural(m.oldestOpenTriageDays, 'day'),
              ),
            ]
          : []),
        item(
          'Flaky tests',
          status(
            m.flakyTests === 0 ? 'ok' : 'warning',
            describeFlakyCount(m.flakyTests),
          ),
        ),
      ],
    },
    {
      title: 'Runbooks and evidence',
      items: [
        item(METRICS.runbooks.label, String(m.runbooks)),
        item(METRICS.staleRunbooks.label, count(m.staleRunbooks)),
        item(
          'Last evidence',
          orMissing(m.lastEvidenceAt, 'No evidence yet', at => (
            <RelativeTime iso={at} />
          )),
        ),
      ],
    },
    ...extensionGroups(m, extensionMetrics),
  ];
}
