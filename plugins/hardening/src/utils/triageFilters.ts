import {
  ACTIVE_TRIAGE_STATUSES,
  TRIAGE_CLASSES,
  TRIAGE_CLASS_LABELS,
  TRIAGE_STATUS_LABELS,
  TriageClass,
  TriageQueueItem,
  TriageStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { effectiveClass } from './triage';

/** The escalation filter's values: any reason, one reason, or none. */
export const ESCALATION_FILTERS = [
  'escalated',
  'unclassified-too-long',
  'spans-scenario-classes',
  'not-escalated',
] as const;

export type EscalationFilter = (typeof ESCALATION_FILTERS)[number];

/** What the triage queue is narrowed to; a missing key shows every failure. */
export type TriageFilters = {
  /** The class given or suggested; `none` for failures with neither. */
  class?: TriageClass | 'none';
  status?: TriageStatus;
  escalation?: EscalationFilter;
};

export type TriageFilterKey = keyof TriageFilters;

/** One choice of a filter: the value kept in the URL and the words shown. */
export type FilterOption = { value: string; label: string };

/**
 * The filters in the order they are shown, with their choices. The values are what the
 * query string keeps (`?class=flake&status=open&escalation=escalated`); people only see
 * the labels.
 */
export const TRIAGE_FILTERS: ReadonlyArray<{
  key: TriageFilterKey;
  label: string;
  options: readonly FilterOption[];
}> = [
  {
    key: 'class',
    label: 'Class',
    options: [
      ...TRIAGE_CLASSES.map(value => ({
        value,
        label: TRIAGE_CLASS_LABELS[value],
      })),
      { value: 'none', label: 'No class yet' },
    ],
  },
  {
    key: 'status',
    label: 'Status',
    options: ACTIVE_TRIAGE_STATUSES.map(value => ({
      value,
      label: TRIAGE_STATUS_LABELS[value],
    })),
  },
  {
    key: 'escalation',
    label: 'Escalation',
    options: [
      { value: 'escalated', label: 'Escalated (any reason)' },
      { value: 'unclassified-too-long', label: 'Unclassified too long' },
      { value: 'spans-scenario-classes', label: 'Spans scenario classes' },
      { value: 'not-escalated', label: 'Not escalated' },
    ],
  },
];

/**
 * The filters a query string asks for. Values that are not a choice of their filter are
 * ignored, so an old or edited link still shows the queue.
 */
export function readTriageFilters(params: URLSearchParams): TriageFilters {
  const filters: Record<string, string> = {};
  for (const { key, options } of TRIAGE_FILTERS) {
    const value = params.get(key);
    if (value && options.some(option => option.value === value)) {
      filters[key] = value;
    }
  }
  return filters as TriageFilters;
}

/**
 * The query string with one filter set (or removed, for `undefined`), keeping every other
 * parameter as it was.
 */
export function withTriageFilter(
  params: URLSearchParams,
  key: TriageFilterKey,
  value: string | undefined,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** The query string without any triage filter. */
export function withoutTriageFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const { key } of TRIAGE_FILTERS) next.delete(key);
  return next;
}

function isEscalated(item: TriageQueueItem): boolean {
  return (
    item.escalation.unclassifiedTooLong || item.escalation.spansScenarioClasses
  );
}

function matchesEscalation(
  item: TriageQueueItem,
  filter: EscalationFilter,
): boolean {
  switch (filter) {
    case 'escalated':
      return isEscalated(item);
    case 'unclassified-too-long':
      return item.escalation.unclassifiedTooLong;
    case 'spans-scenario-classes':
      return item.escalation.spansScenarioClasses;
    default:
      return !isEscalated(item);
  }
}

/** Whether a failure passes every filter that is set. */
export function matchesTriageFilters(
  item: TriageQueueItem,
  filters: TriageFilters,
): boolean {
  if (filters.class) {
    const cls = effectiveClass(item)?.class ?? 'none';
    if (cls !== filters.class) return false;
  }
  if (filters.status && item.state.status !== filters.status) return false;
  if (filters.escalation && !matchesEscalation(item, filters.escalation)) {
    return false;
  }
  return true;
}

/** How many failures are escalated, for any reason. */
export function countEscalated(items: readonly TriageQueueItem[]): number {
  return items.filter(isEscalated).length;
}
