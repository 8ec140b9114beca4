import {
  TRIAGE_CLASS_LABELS,
  TRIAGE_STATUS_LABELS,
  TriageClass,
  TriageQueueItem,
  TriageStatus,
  TriageSuggestion,
  TRIAGE_SYSTEM_ACTOR,
} from '@hardening/backstage-plugin-hardening-common';
import { StatusKind } from '../components/StatusLabel';
import { principalName } from '../components/Words';

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

/**
 * The class a failure counts as: the one people gave it, else the suggested one (the same
 * class routing uses). Undefined when it has neither.
 */
export function effectiveClass(
  item: Pick<TriageQueueItem, 'state' | 'suggestion'>,
): { class: TriageClass; suggested: boolean } | undefined {
  if (item.state.class) return { class: item.state.class, suggested: false };
  if (item.suggestion) return { class: item.suggestion.class, suggested: true };
  return undefined;
}

/** Readable names of the backend's built-in suggestion rules. */
const BUILTIN_RULE_NAMES: Readonly<Record<string, string>> = {
  'builtin:missing-ids': 'missing scenario or invariant id',
  'builtin:infra-signature': 'infrastructure error signature',
};

/**
 * A suggestion rule's name for people: the built-in rules by what they look for
 * (`built-in rule “missing scenario or invariant id”`), configured rules by the name
 * they were given.
 */
export function ruleDisplayName(ruleName: string | undefined): string {
  if (!ruleName) return 'a rule';
  const builtin = BUILTIN_RULE_NAMES[ruleName];
  if (builtin) return `the built-in rule “${builtin}”`;
  if (ruleName.startsWith('builtin:')) {
    return `the built-in rule “${ruleName
      .slice('builtin:'.length)
      .replace(/-/g, ' ')}”`;
  }
  return `the rule “${ruleName}”`;
}

/**
 * `Flake, from its history: it failed in some runs of …`, `Harness/diagnostics, by the
 * built-in rule “missing scenario or invariant id”: …`.
 */
export function suggestionText(suggestion: TriageSuggestion): string {
  const { because } = suggestion;
  const source =
    because.kind === 'rule'
      ? `by ${ruleDisplayName(because.ruleName)}`
      : 'from its history';
  return `${TRIAGE_CLASS_LABELS[suggestion.class]}, ${source}: ${
    because.detail
  }`;
}

/** Who changed a failure: a person by name, the plugin's own changes as `the portal`. */
export function actorName(by: string): string {
  return by === TRIAGE_SYSTEM_ACTOR ? 'the portal' : principalName(by);
}
