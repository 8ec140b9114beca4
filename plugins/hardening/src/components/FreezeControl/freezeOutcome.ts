import { ResponseError } from '@backstage/errors';
import { FreezeResponse } from '@hardening/backstage-plugin-hardening-common';
import { serverMessage } from '../../utils/errors';

/** What came of the last freeze attempt on a milestone. */
export type FreezeOutcome =
  | { kind: 'frozen'; response: FreezeResponse }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; message: string };

/** A 409 is the backend refusing the freeze (checklist not green); anything else failed. */
export function outcomeOfError(error: unknown): FreezeOutcome {
  if (error instanceof ResponseError && error.statusCode === 409) {
    return { kind: 'refused', reason: serverMessage(error) };
  }
  return { kind: 'failed', message: serverMessage(error) };
}
