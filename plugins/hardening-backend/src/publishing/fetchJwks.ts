import type { JSONWebKeySet, JWK } from 'jose';
import { z } from 'zod';

/** Longest wait for an issuer's JWKS. */
export const JWKS_FETCH_TIMEOUT_MS = 5_000;

/** Largest JWKS document read; GitHub's and GitLab's are a few KiB. */
export const MAX_JWKS_BYTES = 64 * 1024;

/** Most keys kept from one JWKS. */
const MAX_KEYS = 50;

/** Key types of signature keys; symmetric (`oct`) keys are never used. */
const ASYMMETRIC_KEY_TYPES = new Set(['RSA', 'EC', 'OKP']);

/** Members of private (or symmetric) keys, dropped should an issuer publish them. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

const jwksSchema = z.object({
  keys: z
    .array(
      z
        .object({
          kty: z.string(),
          use: z.string().optional(),
          kid: z.string().max(256).optional(),
        })
        .passthrough(),
    )
    .max(1000),
});

async function readBounded(response: Response, limit: number) {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the JWKS is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Fetches a JWKS: at most {@link JWKS_FETCH_TIMEOUT_MS}, {@link MAX_JWKS_BYTES}, no
 * redirects (configure the final URL), and keeps only public signature keys of
 * asymmetric types (private members such as `d` are dropped). Throws an Error saying
 * what went wrong.
 */
export async function fetchJwks(
  url: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<JSONWebKeySet> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? JWKS_FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    // fetch says "fetch failed" and keeps the reason (refused, redirect…) in the cause.
    const { message, cause } = error as { message: string; cause?: Error };
    throw new Error(
      `${url} could not be fetched: ${cause?.message ?? message}`,
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`${url} answered ${response.status}`);
  }
  const text = await readBounded(response, MAX_JWKS_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url} did not answer with JSON`);
  }
  const parsed = jwksSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${url} did not answer with a JWKS ({"keys": [...]})`);
  }
  const keys = parsed.data.keys
    .filter(k => ASYMMETRIC_KEY_TYPES.has(k.kty))
    .filter(k => k.use === undefined || k.use === 'sig')
    .slice(0, MAX_KEYS)
    .map(
      (key): JWK => ({
        ...Object.fromEntries(
          Object.entries(key).filter(([name]) => !PRIVATE_MEMBERS.has(name)),
        ),
        kty: key.kty,
      }),
    );
  return { keys };
}
