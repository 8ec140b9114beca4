import {
  TRIAGE_STATUS_LABELS,
  TriageQueueItem,
  TriageStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { StatusKind } from '../components/StatusLabel';

/** The path of the Runbooks tab, relative to the entity page. */
export const RUNBOOKS_TAB_PATH = 'runbooks';

/**
 * How buttons and messages name a failure: `BID-004/TENANT-002`, or its failure id when
 * it does not name both its scenario and its invariant.
 */
export function failureLabel(
  item: Pick<TriageQueueItem, 'scenarioId' | 'invariantId' | 'failureId'>,
): string {
  return item.scenarioId && item.invariantId
    ? `${item.scenarioId}/${item.invariantId}`
    : item.failureId;
}

/** `BID-004 / TENANT-002`, with the missing id named. */
export function failureHeading(
  item: Pick<TriageQueueItem, 'scenarioId' | 'invariantId'>,
): string {
  return `${item.scenarioId ?? 'no scenarioId'} / ${
    item.invariantId ?? 'no invariantId'
  }`;
}

const STATUS_KINDS: Record<TriageStatus, StatusKind> = {
  open: 'warning',
  classified: 'pending',
  'defect-filed': 'pending',
  fixed: 'ok',
  'wont-fix': 'ok',
};

export function triageStatusKind(status: TriageStatus): StatusKind {
  return STATUS_KINDS[status];
}

export function triageStatusLabel(status: TriageStatus): string {
  return TRIAGE_STATUS_LABELS[status];
}

/** The failures of one scenario taxonomy prefix, in queue order. */
export type TriageQueueGroup = {
  /** The prefix, or empty for failures without a scenarioId. */
  prefix: string;
  title: string;
  items: TriageQueueItem[];
};

/**
 * Groups queue items by the taxonomy prefix of their scenario, keeping the queue's order
 * (most recently seen first) for the groups and inside each.
 */
export function groupByScenarioPrefix(
  items: readonly TriageQueueItem[],
): TriageQueueGroup[] {
  const groups = new Map<string, TriageQueueGroup>();
  for (const item of items) {
    const prefix = item.scenario?.prefix ?? '';
    let group = groups.get(prefix);
    if (!group) {
      group = { prefix, title: groupTitle(item), items: [] };
      groups.set(prefix, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

function groupTitle(item: TriageQueueItem): string {
  const tag = item.scenario;
  if (!tag) return 'No scenarioId (harness/diagnostics defects)';
  if (tag.label) return `${tag.prefix} · ${tag.label}`;
  return tag.known ? tag.prefix : `${tag.prefix} (not in the taxonomy)`;
}

/** The URL of an evidence pointer when it is one; artifact paths have none. */
export function evidenceHref(uri: string): string | undefined {
  return /^https?:\/\//i.test(uri) ? uri : undefined;
}

/** Link to a runbook section on the Runbooks tab of an entity page. */
export function runbookSectionPath(
  entityPath: string,
  runbookId: string,
  sectionId: string,
): string {
  return `${entityPath}/${RUNBOOKS_TAB_PATH}?runbook=${encodeURIComponent(
    runbookId,
  )}#${encodeURIComponent(sectionId)}`;
}
