/** How often and how long uploads are retried. */
export type RetryPolicy = {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** Wait before the second attempt; doubles each time. */
  baseDelayMs: number;
  /** Longest computed wait between attempts. */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a server asking for more ends the retries. */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Answers worth another attempt: server errors, and 429 (too many requests). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
]);

/** Errors of the connection (not of the request): worth another attempt. */
export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code);
}

/**
 * Exponential backoff with jitter before attempt `attempt + 1`: `baseDelayMs · 2^(attempt-1)`,
 * capped at `maxDelayMs`, then scaled by a random factor in [0.5, 1) so that many CI jobs
 * failing together do not come back together.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
): number {
  const exponential = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** (attempt - 1),
  );
  return Math.round(exponential * (0.5 + random() / 2));
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delay-seconds or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function retryAfterDelay(
  header: string | string[] | undefined,
  now: Date,
): number | undefined {
  const text = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
