import { TableColumn } from '@backstage/core-components';
import {
  EntityScorecard,
  ScorecardExtensionMetricDefinition,
} from '@hardening/backstage-plugin-hardening-common';
import {
  extensionMetricValue,
  formatExtensionMetric,
} from '../../utils/extensionMetrics';
import { ExtensionMetricHeading } from './ExtensionMetricHeading';

/**
 * A column per metric backend modules added (the response's `extensionMetrics`), headed
 * by its title with its description on hover, each value formatted by the metric's type;
 * none when no module adds one. The backend cannot sort by them.
 */
export function extensionColumns(
  metrics: readonly ScorecardExtensionMetricDefinition[] | undefined,
): TableColumn<EntityScorecard>[] {
  return (metrics ?? []).map(metric => ({
    title: <ExtensionMetricHeading metric={metric} />,
    sorting: false,
    ...(metric.type === 'boolean' ? {} : { type: 'numeric' as const }),
    render: row =>
      formatExtensionMetric(
        metric,
        extensionMetricValue(row.metrics, metric.name),
      ) ?? '—',
  }));
}
