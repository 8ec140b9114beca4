import { InputError } from '@backstage/errors';
import {
  ContractResultsDocument,
  contractResultsDocumentSchema,
  formatIssuePath,
} from '@hardening/backstage-plugin-hardening-common';

const MAX_LISTED_ISSUES = 10;

/**
 * Validates the native JSON form of contract gate results (already parsed as JSON):
 * `{ contractDigest?, results: [{ gateId, status, matchedFiles, violations }] }`.
 */
export function parseNativeGateResults(json: unknown): ContractResultsDocument {
  const parsed = contractResultsDocumentSchema.safeParse(json);
  if (parsed.success) {
    return parsed.data;
  }
  const issues = parsed.error.issues;
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map(issue =>
      issue.code === 'unrecognized_keys'
        ? `${formatIssuePath(issue.path)}: unknown field(s): ${issue.keys.join(
            ', ',
          )}`
        : `${formatIssuePath(issue.path)}: ${issue.message}`,
    );
  const more = issues.length - listed.length;
  throw new InputError(
    `Invalid contract results: ${listed.join('; ')}${
      more > 0 ? `; and ${more} more` : ''
    }`,
  );
}
