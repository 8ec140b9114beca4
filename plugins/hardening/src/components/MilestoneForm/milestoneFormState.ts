import {
  DEFAULT_MILESTONE_E2E_TAGS,
  DEFAULT_MILESTONE_REQUIRED_GATES,
  DEFAULT_MILESTONE_TAG_PATTERN,
  Milestone,
  milestoneSchema,
  MilestoneUpdate,
} from '@hardening/backstage-plugin-hardening-common';

/** What the milestone form holds: every field as the user typed it. */
export type MilestoneFormValues = {
  id: string;
  title: string;
  /** A stage of `milestoneStageSchema`, or '' while none is chosen. */
  stage: string;
  p95LimitMs: string;
  /** The read error-rate limit in percent (the API takes a ratio). */
  errorRatePercent: string;
  /** Comma or space separated; empty means every gate of the current contract. */
  contractGateIds: string;
  e2eTags: string;
  requiredGates: string;
  /** Empty means the default pattern. */
  tagPattern: string;
};

export type MilestoneFormField = keyof MilestoneFormValues;

/** Messages under the fields; `form` is for a problem no field owns. */
export type MilestoneFormErrors = Partial<
  Record<MilestoneFormField | 'form', string>
>;

export type MilestoneFormResult =
  | { ok: true; id: string; update: MilestoneUpdate }
  | { ok: false; errors: MilestoneFormErrors };

/** The form of a new milestone: the schema's defaults filled in, no stage chosen. */
export function newMilestoneForm(): MilestoneFormValues {
  return {
    id: '',
    title: '',
    stage: '',
    p95LimitMs: '',
    errorRatePercent: '0',
    contractGateIds: '',
    e2eTags: joinList(DEFAULT_MILESTONE_E2E_TAGS),
    requiredGates: joinList(DEFAULT_MILESTONE_REQUIRED_GATES),
    tagPattern: DEFAULT_MILESTONE_TAG_PATTERN,
  };
}

/** The form of an existing milestone, to edit it. */
export function milestoneForm(milestone: Milestone): MilestoneFormValues {
  const { thresholds } = milestone;
  return {
    id: milestone.id,
    title: milestone.title,
    stage: milestone.stage,
    p95LimitMs: String(thresholds.p95LimitMs),
    errorRatePercent: String(ratioToPercent(thresholds.errorRateLimit)),
    contractGateIds: joinList(thresholds.contractGateIds ?? []),
    e2eTags: joinList(thresholds.e2eTags),
    requiredGates: joinList(thresholds.requiredGates),
    tagPattern: milestone.tagPattern,
  };
}

/** The entries of a comma or space separated list, empty ones dropped. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter(entry => entry.length > 0);
}

function joinList(list: readonly string[]): string {
  return list.join(', ');
}

/** Rounds away the binary noise of `x / 100` and `x * 100` (0.011 * 100 is 1.0999…). */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

export function percentToRatio(percent: number): number {
  return tidy(percent / 100);
}

export function ratioToPercent(ratio: number): number {
  return tidy(ratio * 100);
}

/** A number typed in a field: undefined when empty, NaN when not a number. */
function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The form field an issue of `milestoneSchema` is about, from its path. */
const FIELD_OF_PATH: Record<string, MilestoneFormField> = {
  id: 'id',
  title: 'title',
  stage: 'stage',
  tagPattern: 'tagPattern',
  'thresholds.p95LimitMs': 'p95LimitMs',
  'thresholds.errorRateLimit': 'errorRatePercent',
  'thresholds.contractGateIds': 'contractGateIds',
  'thresholds.e2eTags': 'e2eTags',
  'thresholds.requiredGates': 'requiredGates',
};

/**
 * Messages in the form's terms for the schema's generic ones (missing, too small, too
 * big, wrong type), which speak of the API's types and units. The schema's own sentences
 * (formats, duplicates, "..") are kept.
 */
const FIELD_MESSAGES: Record<MilestoneFormField, string> = {
  id: 'enter an id of at most 64 characters, e.g. M3.3.1',
  title: 'enter a title of at most 200 characters',
  stage: 'choose a stage',
  p95LimitMs: 'enter a p95 limit in milliseconds, above 0 and at most 86400000',
  errorRatePercent: 'enter a percentage from 0 to 100',
  contractGateIds: 'list at most 500 gate ids',
  e2eTags: 'list at least one tag (at most 32), e.g. e2e:happy',
  requiredGates: 'list at least one gate (at most 100), e.g. lint',
  tagPattern: 'enter a tag pattern of at most 200 characters',
};

type Issue = { path: PropertyKey[]; code: string; message: string };

function issueMessage(
  field: MilestoneFormField,
  issue: Issue,
  listValues: string[],
): string {
  const own = issue.code === 'invalid_format' || issue.code === 'custom';
  const message = own ? issue.message : FIELD_MESSAGES[field];
  // An entry of a list: name it, the field holds several.
  const index = issue.path[2];
  return typeof index === 'number'
    ? `"${listValues[index]}": ${issue.message}`
    : message;
}

/**
 * Reads the form into the body of `PUT …/milestones/{id}`, validated with the same
 * schema the backend uses, or gives each field's problems. `existingIds` are the
 * entity's milestones: a new milestone may not take one of their ids (compared without
 * regard to case, as the backend does), since the PUT would overwrite it.
 */
export function parseMilestoneForm(
  values: MilestoneFormValues,
  existingIds: readonly string[] = [],
): MilestoneFormResult {
  const lists = {
    contractGateIds: splitList(values.contractGateIds),
    e2eTags: splitList(values.e2eTags),
    requiredGates: splitList(values.requiredGates),
  };
  const percent = parseNumber(values.errorRatePercent);
  const candidate = {
    id: values.id.trim(),
    title: values.title,
    stage: values.stage,
    thresholds: {
      p95LimitMs: parseNumber(values.p95LimitMs),
      errorRateLimit:
        percent === undefined ? undefined : percentToRatio(percent),
      requiredGates: lists.requiredGates,
      e2eTags: lists.e2eTags,
      ...(lists.contractGateIds.length > 0
        ? { contractGateIds: lists.contractGateIds }
        : {}),
    },
    tagPattern: values.tagPattern.trim() || undefined,
  };

  const errors: MilestoneFormErrors = {};
  const parsed = milestoneSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.slice(0, 2).join('.');
      const field = FIELD_OF_PATH[key] ?? FIELD_OF_PATH[String(issue.path[0])];
      const listValues =
        (lists as Record<string, string[]>)[String(issue.path[1])] ?? [];
      const message = field
        ? issueMessage(field, issue, listValues)
        : issue.message;
      const target = field ?? 'form';
      if (!errors[target]?.split('; ').includes(message)) {
        errors[target] = errors[target]
          ? `${errors[target]}; ${message}`
          : message;
      }
    }
  }
  const taken = existingIds.find(
    id => id.toLowerCase() === candidate.id.toLowerCase(),
  );
  if (taken && !errors.id) {
    errors.id = `${taken} already exists: use its Edit button to change it`;
  }
  if (!parsed.success || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const { id, ...update } = parsed.data;
  return { ok: true, id, update };
}
