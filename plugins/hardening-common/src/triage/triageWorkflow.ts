import { z } from 'zod';

/**
 * What kind of problem a failure is, as responders classify it.
 *
 * - `infra-ci`: the CI environment (database not up, missing variables, tool failures);
 * - `harness`: the test harness or its diagnostics (reset, seed, clock, missing ids);
 * - `algorithm-regression`: business logic changed and the scenario reproduces;
 * - `data-schema-drift`: migrations or seeds no longer match what the code expects;
 * - `flake`: timing or concurrency; to be fixed deterministically, not rerun.
 *
 * @public
 */
export const TRIAGE_CLASSES = [
  'infra-ci',
  'harness',
  'algorithm-regression',
  'data-schema-drift',
  'flake',
] as const;

/** @public */
export const triageClassSchema = z.enum(TRIAGE_CLASSES);

/** @public */
export type TriageClass = z.infer<typeof triageClassSchema>;

/**
 * Display names of the classes.
 *
 * @public
 */
export const TRIAGE_CLASS_LABELS: Readonly<Record<TriageClass, string>> = {
  'infra-ci': 'Infra/CI',
  harness: 'Harness/diagnostics',
  'algorithm-regression': 'Algorithm regression',
  'data-schema-drift': 'Data/schema drift',
  flake: 'Flake',
};

/**
 * Where a failure stands. A failure nobody has touched is `open`.
 *
 * @public
 */
export const TRIAGE_STATUSES = [
  'open',
  'classified',
  'defect-filed',
  'fixed',
  'wont-fix',
] as const;

/** @public */
export const triageStatusSchema = z.enum(TRIAGE_STATUSES);

/** @public */
export type TriageStatus = z.infer<typeof triageStatusSchema>;

/**
 * Display names of the statuses.
 *
 * @public
 */
export const TRIAGE_STATUS_LABELS: Readonly<Record<TriageStatus, string>> = {
  open: 'Open',
  classified: 'Classified',
  'defect-filed': 'Defect filed',
  fixed: 'Fixed',
  'wont-fix': "Won't fix",
};

/**
 * The status changes the lifecycle allows: `open → classified → defect-filed → fixed |
 * wont-fix`; a classified failure may also be closed without a defect, and a closed one
 * reopened. Classifying again keeps the status (`classified → classified`,
 * `defect-filed → defect-filed`) and is recorded in the history too.
 *
 * @public
 */
export const TRIAGE_STATUS_TRANSITIONS: Readonly<
  Record<TriageStatus, readonly TriageStatus[]>
> = {
  open: ['classified'],
  classified: ['classified', 'defect-filed', 'fixed', 'wont-fix'],
  'defect-filed': ['defect-filed', 'fixed', 'wont-fix'],
  fixed: ['open'],
  'wont-fix': ['open'],
};

/**
 * Whether the lifecycle allows going from one status to another.
 *
 * @public
 */
export function canTransitionTriageStatus(
  from: TriageStatus,
  to: TriageStatus,
): boolean {
  return TRIAGE_STATUS_TRANSITIONS[from].includes(to);
}

/**
 * The statuses a failure still needs work in; the triage queue lists these.
 *
 * @public
 */
export const ACTIVE_TRIAGE_STATUSES: readonly TriageStatus[] = [
  'open',
  'classified',
  'defect-filed',
];

/**
 * The statuses a failure goes back to `open` from, by itself, when it occurs again in a
 * newly stored triage report after it was given that status: a failure thought fixed
 * that fails again is a regression. `wont-fix` is not here: someone decided to live with
 * it. Every status here may go to `open` by {@link canTransitionTriageStatus}.
 *
 * @public
 */
export const TRIAGE_STATUSES_REOPENED_ON_RECURRENCE: readonly TriageStatus[] = [
  'fixed',
];

/**
 * Who the state and history name for a change the plugin makes by itself (reopening a
 * recurring failure): a service subject, like the `by` of changes made with service
 * credentials.
 *
 * @public
 */
export const TRIAGE_SYSTEM_ACTOR = 'plugin:hardening';

/**
 * The history note of a failure reopened because it occurred again in a triage report.
 *
 * @public
 */
export function triageRecurrenceNote(reportId: string): string {
  return `Reopened: occurred again in triage report ${reportId}`;
}

/**
 * One change of a failure's triage state.
 *
 * @public
 */
export type TriageHistoryEntry = {
  /** ISO time of the change. */
  at: string;
  /** User entity ref (or service subject) that made it. */
  by: string;
  from: TriageStatus;
  to: TriageStatus;
  /** The class set by this change, for classifications. */
  class?: TriageClass;
  /** The defect recorded by this change, for `defect-filed`. */
  defectUrl?: string;
  note?: string;
};

/**
 * The issue a defect was filed as.
 *
 * @public
 */
export type DefectLink = {
  url: string;
  recordedAt: string;
  recordedBy: string;
};

/**
 * The triage state of a failure (all occurrences of one fingerprint of an entity).
 *
 * @public
 */
export type TriageFailureState = {
  status: TriageStatus;
  /** The class people gave it; absent while open. */
  class?: TriageClass;
  classifiedAt?: string;
  classifiedBy?: string;
  /** When the status last changed; absent while never touched. */
  statusChangedAt?: string;
  defect?: DefectLink;
};

/**
 * Why a class is suggested: a configured or built-in rule that matched the failure's
 * text or ids, or a fact from its history (it passed and failed on one commit).
 *
 * @public
 */
export type TriageSuggestionReason = {
  kind: 'rule' | 'history';
  /** The rule's name, for `kind: 'rule'` (configured rules first, then `builtin:…`). */
  ruleName?: string;
  /** What matched, in a sentence. */
  detail: string;
};

/**
 * A class the backend suggests for a failure, and why.
 *
 * @public
 */
export type TriageSuggestion = {
  class: TriageClass;
  because: TriageSuggestionReason;
};

/**
 * Who a failure goes to: the group configured for its class, else the entity's owner.
 *
 * @public
 */
export type TriageRouting = {
  /** Entity ref of the owning group (or user), e.g. `group:default/ci-maintainers`. */
  ownerRef: string;
  /** Why this owner, in a sentence. */
  why: string;
};

/**
 * Reasons to escalate a failure.
 *
 * @public
 */
export type TriageEscalation = {
  /** Still open (unclassified) longer than `hardening.triage.escalateAfterHours`. */
  unclassifiedTooLong: boolean;
  /** Its invariant also fails, unresolved, in scenarios of other taxonomy prefixes. */
  spansScenarioClasses: boolean;
  /** The scenario prefixes its invariant currently fails in, when it spans several. */
  scenarioPrefixes?: string[];
  /** When it would be (or was) escalated for being unclassified, while open. */
  escalateAt?: string;
};

/** Control characters other than tab, newline and carriage return. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      code === 0x7f
    ) {
      return true;
    }
  }
  return false;
}

const noteSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(v => !hasControlCharacter(v), 'must not contain control characters')
  .optional();

/**
 * Body of `POST …/triage/failures/{id}/classification`.
 *
 * @public
 */
export const triageClassificationRequestSchema = z.strictObject({
  class: triageClassSchema,
  note: noteSchema,
});

/** @public */
export type TriageClassificationRequest = z.infer<
  typeof triageClassificationRequestSchema
>;

/**
 * Body of `POST …/triage/failures/{id}/status`: close (`fixed`, `wont-fix`) or reopen
 * (`open`). Classifying and recording a defect have their own routes.
 *
 * @public
 */
export const triageStatusRequestSchema = z.strictObject({
  to: z.enum(['fixed', 'wont-fix', 'open']),
  note: noteSchema,
});

/** @public */
export type TriageStatusRequest = z.infer<typeof triageStatusRequestSchema>;

/**
 * Body of `POST …/triage/failures/{id}/defect-link`: the issue the defect was filed as.
 *
 * @public
 */
export const defectLinkRequestSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .refine(u => {
      if (!URL.canParse(u)) return true; // already refused as not a URL
      const url = new URL(u);
      return !url.username && !url.password;
    }, 'URLs must not carry credentials'),
  note: noteSchema,
});

/** @public */
export type DefectLinkRequest = z.infer<typeof defectLinkRequestSchema>;
