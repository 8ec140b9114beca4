import { RepositoryReadRule } from '@hardening/backstage-plugin-hardening-common';

/** A repository read refused by a rule, with a message saying what to change. */
export type ReadRefusal = { error: string; refusedBy: RepositoryReadRule };

/** A refusal by `rule`: `refused by <rule>: <message>`. */
export function refuse(rule: RepositoryReadRule, message: string): ReadRefusal {
  return { error: `refused by ${rule}: ${message}`, refusedBy: rule };
}

/**
 * The HTTP status a refusal answers when it decides a response: 413 for a file over the
 * byte limit, 403 for a host or organisation the configuration does not allow, 422 for
 * an annotation or catalog location that cannot be read from (and the file count).
 */
export function refusalStatus(rule: RepositoryReadRule): 403 | 413 | 422 {
  switch (rule) {
    case 'file-too-large':
      return 413;
    case 'host-not-allowed':
    case 'organization-not-allowed':
      return 403;
    default:
      return 422;
  }
}
