import { Runbook } from '@hardening/backstage-plugin-hardening-common';

/**
 * Paging of a triage queue request: `limit` 1–1000 (backend default 200).
 *
 * @public
 */
export type TriageQueueRequest = { limit?: number };

/**
 * Body of `PUT …/runbooks/{runbookId}`: whether the runbook is new, whether its bytes
 * changed, and the runbook as stored.
 *
 * @public
 */
export type RunbookUploadResponse = {
  created: boolean;
  changed: boolean;
  runbook: Runbook;
};
