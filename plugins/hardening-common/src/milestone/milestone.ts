import { z } from 'zod';
import { contractGateIdSchema } from '../contract/contractDocument';
import { evidenceTagSchema } from '../evidence/ciContext';
import { gateNameSchema } from '../evidence/ciGates';

/**
 * A milestone id such as `M3.3.1`: letters, digits, `.`, `_` and `-`, starting with a
 * letter or digit.
 *
 * @public
 */
export const milestoneIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'milestone ids are letters, digits, ".", "_" and "-", e.g. M3.3.1',
  );

/**
 * Where a milestone stands in the slicing of the work, as the team declares it. Whether it
 * is actually frozen is computed from the evidence (see `FreezeChecklist`).
 *
 * @public
 */
export const milestoneStageSchema = z.enum([
  'feature-spike',
  'hardening-slice',
  'orchestration-slice',
  'frozen',
]);

/** @public */
export type MilestoneStage = z.infer<typeof milestoneStageSchema>;

/** The tag pattern of a milestone unless it names its own. @public */
export const DEFAULT_MILESTONE_TAG_PATTERN = 'milestone/{id}-hardened';

/** The required gates of a milestone unless it names its own. @public */
export const DEFAULT_MILESTONE_REQUIRED_GATES: readonly string[] = [
  'lint',
  'build',
];

/** The e2e tags a milestone needs coverage for unless it names its own. @public */
export const DEFAULT_MILESTONE_E2E_TAGS: readonly string[] = [
  'e2e:happy',
  'e2e:security',
];

function uniqueList<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .array(item)
    .min(1)
    .max(max)
    .refine(
      list => new Set(list).size === list.length,
      'each entry may appear only once',
    );
}

/**
 * The limits a milestone's evidence is judged against.
 *
 * @public
 */
export const milestoneThresholdsSchema = z.strictObject({
  /** Inclusive upper bound of the p95 of every happy and read phase of the latest stress run. */
  p95LimitMs: z.number().gt(0).max(86_400_000),
  /**
   * Inclusive upper bound of failures / requests in every read phase. Happy phases must
   * have exactly zero failures whatever this says.
   */
  errorRateLimit: z.number().min(0).max(1).default(0),
  /** CI gates whose latest result must be `passed`. */
  requiredGates: uniqueList(gateNameSchema, 100).default([
    ...DEFAULT_MILESTONE_REQUIRED_GATES,
  ]),
  /** Contract gates that must be active and passing; every gate of the current contract when left out. */
  contractGateIds: uniqueList(contractGateIdSchema, 500).optional(),
  /** Each tag needs a test report carrying it with a passing test and no failure. */
  e2eTags: uniqueList(evidenceTagSchema, 32).default([
    ...DEFAULT_MILESTONE_E2E_TAGS,
  ]),
});

/** @public */
export type MilestoneThresholds = z.infer<typeof milestoneThresholdsSchema>;

/**
 * A git tag pattern: a tag name in which `{id}` stands for the lower-cased milestone id.
 *
 * @public
 */
export const milestoneTagPatternSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(
    /^[A-Za-z0-9{][A-Za-z0-9._/{}+-]*$/,
    'tag patterns are tag names in which {id} stands for the milestone id, e.g. milestone/{id}-hardened',
  )
  .refine(p => !p.includes('..'), 'a tag name may not contain ".."');

const milestoneFields = {
  title: z.string().trim().min(1).max(200),
  stage: milestoneStageSchema,
  thresholds: milestoneThresholdsSchema,
  tagPattern: milestoneTagPatternSchema.default(DEFAULT_MILESTONE_TAG_PATTERN),
};

/**
 * A milestone of an entity, e.g. `M3.3.1`, with the thresholds its freeze is judged by.
 *
 * @public
 */
export const milestoneSchema = z.strictObject({
  id: milestoneIdSchema,
  ...milestoneFields,
});

/** A milestone with its defaults filled in. @public */
export type Milestone = z.infer<typeof milestoneSchema>;

/** A milestone as it may be written, before defaults are applied. @public */
export type MilestoneInput = z.input<typeof milestoneSchema>;

/**
 * Body of `PUT …/milestones/{id}`: the milestone without its id (the path names it); an
 * `id`, when given, must be the one in the path.
 *
 * @public
 */
export const milestoneUpdateSchema = z.strictObject({
  id: milestoneIdSchema.optional(),
  ...milestoneFields,
});

/** @public */
export type MilestoneUpdate = z.input<typeof milestoneUpdateSchema>;

/**
 * The tag name a milestone expects: its pattern with `{id}` replaced by the lower-cased id,
 * e.g. `milestone/m3.3.1-hardened`.
 *
 * @public
 */
export function milestoneTagName(
  milestone: Pick<Milestone, 'id' | 'tagPattern'>,
): string {
  return milestone.tagPattern.split('{id}').join(milestone.id.toLowerCase());
}
