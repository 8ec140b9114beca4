import { z } from 'zod';
import { runIdSchema } from '../evidence/ciContext';

/** True when the text has no control character other than tab, newline and CR. */
function isPrintable(value: string, allowLineBreaks: boolean): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    const lineBreak = code === 0x09 || code === 0x0a || code === 0x0d;
    if ((code < 0x20 && !(allowLineBreaks && lineBreak)) || code === 0x7f) {
      return false;
    }
  }
  return true;
}

/** Single-line text without control characters. */
function line(max: number) {
  return z
    .string()
    .max(max)
    .refine(v => isPrintable(v, false), 'must not contain control characters');
}

/** Multi-line text (messages, stacks); tabs and line breaks are kept. */
function text(max: number) {
  return z
    .string()
    .max(max)
    .refine(v => isPrintable(v, true), 'must not contain control characters');
}

/**
 * A scenario or invariant id such as `BID-001` or `TENANT-ISOLATION-2`: letters, digits
 * and `. _ : / -`, starting with a letter or digit.
 *
 * @public
 */
export const triageIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/,
    'ids are letters, digits and . _ : / -, e.g. BID-001',
  );

/**
 * An optional id where an empty string or null means "not given" (some harnesses print
 * empty fields); a failure without the id is stored and flagged, never refused.
 */
const optionalTriageId = z
  .union([z.literal(''), z.null(), triageIdSchema])
  .transform(v => v || undefined)
  .optional();

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Where a piece of evidence is: an `http(s)` URL, or a path relative to the run's
 * artifacts (`logs/nightly/2026-11-20/report.json`). Any other scheme (`javascript:`,
 * `data:`, `file:` …), absolute paths, backslashes and `..` segments are refused.
 *
 * @public
 */
export const evidenceUriSchema = z
  .string()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (!isPrintable(value, false) || value.trim() !== value) {
      fail('must not contain control characters or surrounding spaces');
      return;
    }
    if (URI_SCHEME.test(value)) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        fail('is not a valid URL');
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        fail(
          `scheme "${url.protocol}" is not allowed: use an http(s) URL or a relative artifact path`,
        );
      } else if (url.username || url.password) {
        fail('URLs must not carry credentials');
      }
      return;
    }
    if (value.startsWith('/') || value.includes('\\')) {
      fail('artifact paths are relative and use "/" (no leading "/", no "\\")');
    } else if (value.split('/').includes('..')) {
      fail('artifact paths must not contain ".." segments');
    }
  });

/**
 * Evidence kinds with a meaning of their own; any other short name is accepted too.
 *
 * @public
 */
export const TRIAGE_EVIDENCE_KINDS = [
  'log',
  'trace',
  'screenshot',
  'report',
  'artifact',
] as const;

/**
 * A pointer to evidence of a failure (a log, a trace, a screenshot, a report file…).
 *
 * @public
 */
export const triageEvidenceSchema = z.strictObject({
  kind: line(64).min(1),
  uri: evidenceUriSchema,
  label: line(256).optional(),
});

/** @public */
export type TriageEvidence = z.infer<typeof triageEvidenceSchema>;

const labelKey = z
  .string()
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    'label keys are letters, digits and . _ / -',
  );

/**
 * One failure of an integration run, as the harness reports it.
 *
 * @public
 */
export const triageFailureSchema = z.strictObject({
  scenarioId: optionalTriageId,
  invariantId: optionalTriageId,
  /** The organisation fixture the scenario ran against, e.g. `org-a`. */
  organizationUnderTest: line(255).min(1).optional(),
  /** Ids needed to inspect the evidence (organisation, assignment, window…). */
  keyEntityIds: z.array(line(256).min(1)).max(100).optional(),
  title: line(1024).optional(),
  symptom: text(4096).optional(),
  message: text(8192).optional(),
  stack: text(32768).optional(),
  evidence: z.array(triageEvidenceSchema).max(50).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  labels: z
    .record(labelKey, line(1024))
    .refine(l => Object.keys(l).length <= 50, 'at most 50 labels')
    .optional(),
});

/** A failure after validation (empty ids already turned into missing ones). @public */
export type TriageFailure = z.infer<typeof triageFailureSchema>;

/** A failure as a harness may send it. @public */
export type TriageFailureInput = z.input<typeof triageFailureSchema>;

/**
 * The CI run a triage report belongs to. The CI context may also be given in the query
 * string of the upload; where both are given they must agree.
 *
 * @public
 */
export const triageRunSchema = z.strictObject({
  /** The CI run's id; it fills the report's `runId` (and must equal that query parameter). */
  id: runIdSchema.optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/i, 'commit must be a hexadecimal git SHA')
    .optional(),
  branch: line(255).min(1).optional(),
});

/** @public */
export type TriageRun = z.infer<typeof triageRunSchema>;

/**
 * Body of a triage report upload: the failures of one integration run.
 *
 * @public
 */
export const triageReportUploadSchema = z.strictObject({
  run: triageRunSchema.optional(),
  failures: z.array(triageFailureSchema).min(1).max(10_000),
});

/** @public */
export type TriageReportUpload = z.infer<typeof triageReportUploadSchema>;
