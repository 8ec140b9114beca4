import { RepositoryReadRule } from '../runbook/repositoryReadRule';

/**
 * The fields a defect for a failure is made of; every template gets these.
 *
 * @public
 */
export type DefectFields = {
  /** `Integration failure: <scenarioId> / <invariantId> (<symptom>)`. */
  title: string;
  scenarioId: string;
  invariantId: string;
  /** One line saying what went wrong. */
  symptom: string;
  organizationUnderTest: string;
  /** URL of the CI run, or its id when there is no URL. */
  ciRun: string;
  commit: string;
  /** Evidence pointers (URLs or artifact paths). */
  artifacts: string[];
  expected: string;
  observed: string;
  /** Command to reproduce locally. */
  repro: string;
  keyEntityIds: string[];
  /** The failure's fingerprint and the entity it belongs to. */
  fingerprint: string;
  entityRef: string;
  /**
   * Link to the runbook section for the scenario prefix (the file in the repository with
   * the section's anchor); empty when there is none or the runbook was uploaded.
   */
  runbookUrl: string;
  /** `<runbook title> › <section heading>`, empty when no runbook covers the prefix. */
  runbookSection: string;
};

/**
 * Which template rendered a defect.
 *
 * - `default`: the built-in template;
 * - `annotation`: the file named by the entity's `hardening.io/defect-template`;
 * - `config`: `hardening.triage.defectTemplates.<group>` for the entity's owner.
 *
 * @public
 */
export type DefectTemplateSource = {
  kind: 'default' | 'annotation' | 'config';
  /** The file URL or the group ref the template came from. */
  ref?: string;
  /** Why a template the entity names was not used (it could not be read). */
  warning?: string;
  /** The rule that refused to read the template the entity names, when one did. */
  refusedBy?: RepositoryReadRule;
};

/**
 * A prefilled "new issue" page in the entity's tracker, derived from its
 * `backstage.io/source-location`.
 *
 * @public
 */
export type TrackerNewIssueLink = {
  tracker: 'github' | 'gitlab';
  url: string;
  /** The body was shortened to keep the URL within the length limit. */
  truncated: boolean;
};

/**
 * Answer of `GET …/triage/failures/{id}/defect`: the defect, ready to copy or to open in
 * the tracker.
 *
 * @public
 */
export type DefectDraft = {
  title: string;
  /** The defect body as Markdown. */
  markdown: string;
  fields: DefectFields;
  template: DefectTemplateSource;
  /** Absent when the entity's source location is not a GitHub or GitLab repository. */
  newIssue?: TrackerNewIssueLink;
};
