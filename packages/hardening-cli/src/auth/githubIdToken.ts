import { z } from 'zod';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { RetryPolicy } from '../upload/retryPolicy';
import { sendWithRetries } from '../upload/sendWithRetries';
import { COMPACT_JWT } from './compactJwt';

/** An ID token answer is about a kilobyte; anything far larger is not one. */
export const MAX_ID_TOKEN_ANSWER_BYTES = 64 * 1024;

/** The token endpoint answers at once or not at all. */
export const ID_TOKEN_TIMEOUT_MS = 30_000;

const PEER = 'the GitHub Actions ID token endpoint';

const idTokenAnswerSchema = z.object({
  value: z.string().regex(COMPACT_JWT),
});

/**
 * `ACTIONS_ID_TOKEN_REQUEST_URL` with the audience added, as the Actions toolkit does:
 * the URL already has a query (`api-version`), so `&audience=…` is appended.
 */
export function idTokenRequestUrl(requestUrl: string, audience: string): URL {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new CliError(
      'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL; it is set by GitHub Actions for jobs with `permissions: { id-token: write }`',
    );
  }
  const separator = url.search ? '&' : '?';
  return new URL(
    `${url.toString()}${separator}audience=${encodeURIComponent(audience)}`,
  );
}

/**
 * Asks GitHub Actions for a fresh OIDC ID token for `audience` (they expire within
 * minutes, so one is asked for each run of the command): `GET
 * $ACTIONS_ID_TOKEN_REQUEST_URL&audience=…` with `Authorization: bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answered with `{"value": "<jwt>"}`. Server errors
 * and dropped connections are retried like uploads; redirects are refused; the answer is
 * read up to {@link MAX_ID_TOKEN_ANSWER_BYTES}.
 */
export async function requestGithubIdToken(
  options: {
    url: URL;
    requestToken: string;
    policy: RetryPolicy;
    userAgent: string;
  },
  io: CliIo,
): Promise<string> {
  const answer = await sendWithRetries(
    {
      method: 'GET',
      url: options.url,
      headers: {
        authorization: `bearer ${options.requestToken}`,
        accept: 'application/json',
        'user-agent': options.userAgent,
      },
    },
    io,
    {
      policy: options.policy,
      idleTimeoutMs: ID_TOKEN_TIMEOUT_MS,
      progress: 'never',
      label: 'ID token',
      peer: PEER,
      maxAnswerBytes: MAX_ID_TOKEN_ANSWER_BYTES,
    },
  );
  if (answer.truncated) {
    throw new CliError(
      `${PEER} answered with more than ${
        MAX_ID_TOKEN_ANSWER_BYTES / 1024
      } KiB, which is not an ID token; is ACTIONS_ID_TOKEN_REQUEST_URL the one GitHub Actions set?`,
      EXIT.UNAVAILABLE,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const parsed = idTokenAnswerSchema.safeParse(body);
  if (!parsed.success) {
    throw new CliError(
      `${PEER} answered ${answer.status} without an ID token ({"value": "<jwt>"} expected); is ACTIONS_ID_TOKEN_REQUEST_URL the one GitHub Actions set?`,
      EXIT.UNAVAILABLE,
    );
  }
  return parsed.data.value;
}
