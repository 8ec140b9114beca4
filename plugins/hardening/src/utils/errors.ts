import { ResponseError } from '@backstage/errors';

/**
 * The backend's own explanation of a failed request (the `error.message` of its JSON
 * body), falling back to the status line or the error's message.
 */
export function serverMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.cause?.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
