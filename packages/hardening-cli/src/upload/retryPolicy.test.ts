import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  isTransientNetworkError,
  retryAfterDelay,
} from './retryPolicy';

describe('retry policy', () => {
  it('doubles the wait per attempt up to the cap, with jitter between half and all of it', () => {
    const policy = {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: 1000,
      maxDelayMs: 5000,
    };
    expect([1, 2, 3, 4, 5].map(a => backoffDelay(policy, a, () => 0))).toEqual([
      500, 1000, 2000, 2500, 2500,
    ]);
    expect(backoffDelay(policy, 2, () => 0.999)).toBe(1999);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-20T10:00:00Z');
    expect(retryAfterDelay('12', now)).toBe(12_000);
    expect(retryAfterDelay('Fri, 20 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterDelay('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterDelay('soon', now)).toBeUndefined();
    expect(retryAfterDelay(undefined, now)).toBeUndefined();
  });

  it('retries server errors and 429, never other client errors', () => {
    expect([500, 502, 503, 504, 429].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 415].some(isRetryableStatus)).toBe(
      false,
    );
  });

  it('retries connection failures, not local or DNS errors', () => {
    expect(isTransientNetworkError({ code: 'ECONNRESET' })).toBe(true);
    expect(isTransientNetworkError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isTransientNetworkError({ code: 'ENOTFOUND' })).toBe(false);
    expect(isTransientNetworkError({ code: 'ENOENT' })).toBe(false);
    expect(isTransientNetworkError(new Error('boom'))).toBe(false);
  });
});
