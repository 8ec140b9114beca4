import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { ProgressMode, ProgressReporter } from './progressReporter';
import {
  backoffDelay,
  isRetryableStatus,
  isTransientNetworkError,
  retryAfterDelay,
  RetryPolicy,
} from './retryPolicy';
import { IncomingAnswer, OutgoingRequest, sendRequest } from './sendRequest';

export type SendOptions = {
  policy: RetryPolicy;
  idleTimeoutMs: number;
  progress: ProgressMode;
  /** Names the body in progress lines, e.g. the file name. */
  label: string;
  /** Who answers, in messages (default "the backend"). */
  peer?: string;
  /** What to change when the peer redirects (see {@link redirectError}). */
  redirectHint?: (location: URL | undefined) => string | undefined;
  /** Most bytes of an answer read. */
  maxAnswerBytes?: number;
};

/** The `error.message` of a Backstage error answer, else the start of the body. */
export function serverMessage(answer: IncomingAnswer): string {
  try {
    const body = JSON.parse(answer.text) as {
      error?: { name?: string; message?: string };
    };
    if (body?.error?.message) {
      return body.error.name && body.error.name !== 'Error'
        ? `${body.error.name}: ${body.error.message}`
        : body.error.message;
    }
  } catch {
    // Not JSON: a proxy's page, for example.
  }
  const text = answer.text.trim().replace(/\s+/g, ' ');
  return text ? text.slice(0, 500) : '(empty answer)';
}

function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code && !e.message?.includes(e.code)
    ? `${e.code} ${e.message ?? ''}`.trim()
    : e.message ?? String(error);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * The failure for a 3xx. Redirects are never followed: the request carries a token (and a
 * body) that must go to the URL it was meant for, not wherever an answer points.
 */
export function redirectError(
  answer: IncomingAnswer,
  requestUrl: URL,
  options: Pick<SendOptions, 'peer' | 'redirectHint'>,
): CliError {
  const header = answer.headers.location;
  let location: URL | undefined;
  try {
    location = header ? new URL(header, requestUrl) : undefined;
  } catch {
    location = undefined;
  }
  // The query of a login page's address may carry state worth keeping out of CI logs.
  const to = location
    ? ` to ${location.origin}${location.pathname}`
    : ' without a Location';
  const hint = options.redirectHint?.(location);
  return new CliError(
    `${options.peer ?? 'the backend'} answered ${
      answer.status
    } redirecting${to}; redirects are not followed (the token would go along)${
      hint ? `: ${hint}` : ''
    }`,
    EXIT.REJECTED,
  );
}

/**
 * Sends a request until it gets an answer below 300, retrying server errors (5xx, 429)
 * and transient network errors with exponential backoff, and honouring `Retry-After`.
 * A 3xx or 4xx is not retried: it throws a {@link CliError} with exit code 3 and the
 * server's message; running out of attempts throws one with exit code 4.
 */
export async function sendWithRetries(
  request: OutgoingRequest,
  io: CliIo,
  options: SendOptions,
): Promise<IncomingAnswer> {
  const { policy } = options;
  const peer = options.peer ?? 'the backend';
  const where = `${request.method} ${request.url.origin}${request.url.pathname}`;
  for (let attempt = 1; ; attempt++) {
    const progress = request.body
      ? new ProgressReporter(
          io.stderr,
          options.label,
          request.body.size,
          options.progress,
          () => io.now().getTime(),
        )
      : undefined;
    let answer: IncomingAnswer;
    try {
      answer = await sendRequest(request, {
        idleTimeoutMs: options.idleTimeoutMs,
        onProgress: sent => progress?.update(sent),
        maxAnswerBytes: options.maxAnswerBytes,
      });
    } catch (error) {
      if (!isTransientNetworkError(error)) {
        throw new CliError(
          `${where} failed: ${describeNetworkError(error)}`,
          EXIT.UNAVAILABLE,
        );
      }
      if (attempt >= policy.attempts) {
        throw new CliError(
          `${where} failed after ${attempt} attempt(s): ${describeNetworkError(
            error,
          )}`,
          EXIT.UNAVAILABLE,
        );
      }
      const delay = backoffDelay(policy, attempt, io.random);
      io.stderr.write(
        `hardening: ${describeNetworkError(error)}; retrying in ${seconds(
          delay,
        )} (attempt ${attempt + 1} of ${policy.attempts})\n`,
      );
      await io.sleep(delay);
      continue;
    }
    progress?.done(request.body!.size);

    if (answer.status < 300) return answer;
    if (answer.status < 400) throw redirectError(answer, request.url, options);
    const message = serverMessage(answer);
    if (!isRetryableStatus(answer.status)) {
      throw new CliError(
        `${peer} refused the request (${answer.status}): ${message}`,
        EXIT.REJECTED,
      );
    }
    if (attempt >= policy.attempts) {
      throw new CliError(
        `${peer} answered ${answer.status} ${attempt} time(s), giving up: ${message}`,
        EXIT.UNAVAILABLE,
      );
    }
    const asked = retryAfterDelay(answer.headers['retry-after'], io.now());
    if (asked !== undefined && asked > policy.maxRetryAfterMs) {
      throw new CliError(
        `${peer} answered ${answer.status} and asks to retry after ${seconds(
          asked,
        )}, longer than the ${seconds(
          policy.maxRetryAfterMs,
        )} this command waits: ${message}`,
        EXIT.UNAVAILABLE,
      );
    }
    const delay = asked ?? backoffDelay(policy, attempt, io.random);
    io.stderr.write(
      `hardening: ${peer} answered ${
        answer.status
      } (${message}); retrying in ${seconds(delay)}${
        asked !== undefined ? ' as Retry-After asks' : ''
      } (attempt ${attempt + 1} of ${policy.attempts})\n`,
    );
    await io.sleep(delay);
  }
}
