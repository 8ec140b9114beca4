import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * What the catalog and the permission framework said about one caller and entity;
 * `refused` carries the reason a binding or a CI token's repository does not allow it.
 */
export type AccessDecision =
  | 'allowed'
  | 'denied'
  | 'not-found'
  | { refused: string };

/** Bound on the number of remembered decisions; the oldest go first. */
const MAX_ENTRIES = 10_000;

type Entry<T> = { expiresAt: number; decision: Promise<T> };

/**
 * Remembers access decisions for a few seconds per (principal, permission, entity), and
 * lets concurrent requests for the same key share one lookup in flight. Under load most
 * requests hit the same few entities, and without this every one of them costs a catalog
 * request and a permission evaluation. The scorecards use it for the bigger decision of
 * which entities and groups a caller may see (`T` is then that listing).
 *
 * Only decisions are cached, never data: authentication still runs on every request, and
 * a lookup that fails (catalog down) is not remembered. A revoked permission or a removed
 * entity takes effect at the latest `ttlMs` later; `ttlMs` 0 turns caching off.
 */
export class AccessDecisionCache<T = AccessDecision> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** The cache key of a caller, or undefined for callers that are not cached. */
  static principalKey(credentials: BackstageCredentials): string | undefined {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
      subject?: string;
    };
    if (principal.type === 'user' && principal.userEntityRef) {
      return `user:${principal.userEntityRef}`;
    }
    if (principal.type === 'service' && principal.subject) {
      return `service:${principal.subject}`;
    }
    return undefined;
  }

  decide(key: string | undefined, lookup: () => Promise<T>): Promise<T> {
    if (this.#ttlMs <= 0 || key === undefined) return lookup();
    const now = this.#now();
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > now) return cached.decision;

    const decision = lookup();
    this.#entries.delete(key);
    this.#entries.set(key, { expiresAt: now + this.#ttlMs, decision });
    decision.catch(() => {
      if (this.#entries.get(key)?.decision === decision) {
        this.#entries.delete(key);
      }
    });
    this.#evictOverflow();
    return decision;
  }

  #evictOverflow() {
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) return;
      this.#entries.delete(key);
    }
  }
}
