import { InputError } from '@backstage/errors';
import {
  CiContext,
  TriageRun,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * The CI context of a triage upload: the query string's (`?commit=&branch=&runUrl=&runId=`)
 * completed by the report's own `run` block (`run.id` fills `runId`). A value given in
 * both places must be the same (commits compare case-insensitively); a disagreement is a
 * 400, since the report could otherwise be filed under the wrong commit or run.
 */
export function mergeTriageRunContext(
  query: CiContext,
  run: TriageRun | undefined,
): CiContext {
  if (!run) {
    return query;
  }
  const merged: CiContext = { ...query };
  const pairs = [
    ['commit', 'commit', run.commit],
    ['branch', 'branch', run.branch],
    ['runUrl', 'url', run.url],
    ['runId', 'id', run.id],
  ] as const;
  for (const [field, runField, value] of pairs) {
    if (value === undefined) continue;
    const given = query[field];
    const same =
      field === 'commit'
        ? given?.toLowerCase() === value.toLowerCase()
        : given === value;
    if (given !== undefined && !same) {
      throw new InputError(
        `run.${runField} "${value}" disagrees with the ${field} query parameter "${given}"`,
      );
    }
    merged[field] = given ?? value;
  }
  return merged;
}
