import { InputError } from '@backstage/errors';

/** `JSON.parse`, with a 400 that names the document (`CTRF report`) when it fails. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
