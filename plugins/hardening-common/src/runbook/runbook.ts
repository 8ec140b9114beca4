import { z } from 'zod';
import { RepositoryReadRule } from './repositoryReadRule';

/**
 * A runbook id: lower-case letters, digits, `.`, `_` and `-`, e.g. `triage` or
 * `release-rollout`. Runbooks named by the `hardening.io/runbooks` annotation take the
 * file name without its extension.
 *
 * @public
 */
export const runbookIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'runbook ids are lower-case letters, digits, ".", "_" and "-", e.g. triage',
  );

/**
 * Where a runbook comes from: a file in the entity's repository (read through the
 * backend's URL reader) or an upload.
 *
 * @public
 */
export type RunbookSource =
  | {
      kind: 'url';
      /**
       * The file's URL, resolved against the folder of the entity's catalog file; empty
       * when the path was refused before it could be resolved.
       */
      url: string;
      /** The path as the annotation names it. */
      path: string;
    }
  | {
      kind: 'upload';
      uploadedAt: string;
      uploadedBy: string;
      /** SHA-256 of the uploaded Markdown. */
      digest: string;
    };

/**
 * A heading of a runbook, in document order.
 *
 * @public
 */
export type RunbookHeading = {
  /** Anchor id, see `runbookHeadingIds`. */
  id: string;
  text: string;
  /** 1 to 6. */
  depth: number;
};

/**
 * A fenced or indented code block of a runbook.
 *
 * @public
 */
export type RunbookCommandBlock = {
  /** Info string language, e.g. `bash`. */
  lang?: string;
  code: string;
  /** Id of the heading the block is under, if any. */
  sectionId?: string;
};

/**
 * A walkthrough: a section whose commands are followed by the signal that says they
 * worked.
 *
 * @public
 */
export type RunbookWalkthrough = {
  /** Id of the walkthrough's heading. */
  sectionId: string;
  title: string;
  commands: RunbookCommandBlock[];
  /** Texts of the section's pass-signal lines (without the "Pass signal:" label). */
  passSignals: string[];
};

/**
 * A row of a known-issues table. `severity`, `status` and `priority` are read from the
 * columns of those names (case-insensitive); `cells` holds every column by its header.
 *
 * @public
 */
export type RunbookKnownIssue = {
  /** The first column, usually the issue's id or title. */
  title: string;
  severity?: string;
  status?: string;
  priority?: string;
  cells: Record<string, string>;
  sectionId?: string;
};

/**
 * A runbook without its Markdown, as listed.
 *
 * @public
 */
export type RunbookSummary = {
  id: string;
  /** The first level-1 heading, else the id. */
  title: string;
  source: RunbookSource;
  /** ISO date (`YYYY-MM-DD`) from the runbook's own "Last updated" line. */
  lastUpdated?: string;
  /** ISO date (`YYYY-MM-DD`) from its "Next review" line. */
  nextReview?: string;
  /** The next-review date has passed. */
  stale: boolean;
  /** Why it is stale, in a sentence. */
  staleReason?: string;
  /** Set instead of the content when the file could not be read or parsed. */
  error?: string;
  /** The rule that refused to read the file (with `error`), when one did. */
  refusedBy?: RepositoryReadRule;
};

/**
 * A runbook with its Markdown and what was found in it.
 *
 * @public
 */
export type Runbook = RunbookSummary & {
  markdown: string;
  toc: RunbookHeading[];
  commands: RunbookCommandBlock[];
  walkthroughs: RunbookWalkthrough[];
  knownIssues: RunbookKnownIssue[];
  /** Scenario prefixes (e.g. `BID`) whose section this runbook has, by heading id. */
  prefixSections: Record<string, string>;
};

/**
 * Answer of `GET …/runbooks`.
 *
 * @public
 */
export type RunbookListResponse = {
  items: RunbookSummary[];
};

/**
 * Where a triage failure's scenario prefix is covered in a runbook.
 *
 * @public
 */
export type RunbookSectionLink = {
  runbookId: string;
  runbookTitle: string;
  sectionId: string;
  heading: string;
};
