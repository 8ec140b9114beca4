import {
  ScorecardExtensionMetricDefinition,
  ScorecardExtensionMetricValue,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import { formatMs, formatPercent, plural } from './format';

/** The value a module-added metric has in these metrics; null when it has none. */
export function extensionMetricValue(
  metrics: ScorecardMetrics,
  name: string,
): ScorecardExtensionMetricValue {
  const values = metrics.extensions;
  return values && Object.hasOwn(values, name) ? values[name] ?? null : null;
}

/**
 * A module-added metric's value as people read it, by the metric's type: `92%`, `840 ms`,
 * `3 days`, `12`, `Yes`; null when there is no value.
 */
export function formatExtensionMetric(
  metric: Pick<ScorecardExtensionMetricDefinition, 'type'>,
  value: ScorecardExtensionMetricValue | undefined,
): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  switch (metric.type) {
    case 'ratio':
      return formatPercent(value);
    case 'ms':
      return formatMs(value);
    case 'days':
      return plural(value, 'day');
    default:
      return String(value);
  }
}
