import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { createLocalJWKSet, JSONWebKeySet } from 'jose';
import { fetchJwks } from './fetchJwks';

/** How long an issuer's JWKS is kept in the cache service. */
export const JWKS_CACHE_TTL_MS = 60 * 60 * 1000;

/**
 * Shortest time between two fetches of one issuer's JWKS by this process: a flood of
 * tokens naming unknown keys costs the issuer at most one request per this interval.
 */
export const JWKS_REFRESH_COOLDOWN_MS = 30 * 1000;

export type KeySet = ReturnType<typeof createLocalJWKSet>;

type Memo = { json: string; set: KeySet; fetchedAt: number };

/**
 * The signing keys of one trusted issuer. The JWKS is kept in the core cache service (so
 * replicas share it) for {@link JWKS_CACHE_TTL_MS}, and fetched again when a token names
 * a key it lacks, rate-limited by {@link JWKS_REFRESH_COOLDOWN_MS}. This process keeps
 * its last copy too, so that a cache outage neither refuses tokens nor hammers the issuer.
 */
export class IssuerKeys {
  #memo?: Memo;
  #lastFetchAt = Number.NEGATIVE_INFINITY;
  #lastFailure?: string;
  #inflight?: Promise<KeySet>;

  constructor(
    private readonly options: {
      issuer: string;
      jwksUrl: string;
      cache: CacheService;
      now: () => number;
      logger?: LoggerService;
      fetch?: typeof fetch;
    },
  ) {}

  private get cacheKey() {
    return `trusted-publishing:jwks:${this.options.issuer}`;
  }

  /** The keys to verify with: the cached JWKS, else this process's copy, else fetched. */
  async current(): Promise<KeySet> {
    const cached = await this.readCache();
    if (cached) return this.use(cached, this.#memo?.fetchedAt ?? 0);
    const memo = this.#memo;
    if (memo && this.options.now() - memo.fetchedAt < JWKS_CACHE_TTL_MS) {
      return memo.set;
    }
    return this.fetch();
  }

  /**
   * The keys fetched anew, after a token named a key the current ones lack; undefined when
   * the last fetch was less than {@link JWKS_REFRESH_COOLDOWN_MS} ago.
   */
  async refreshed(): Promise<KeySet | undefined> {
    if (this.#inflight) return this.#inflight;
    if (this.options.now() - this.#lastFetchAt < JWKS_REFRESH_COOLDOWN_MS) {
      return undefined;
    }
    return this.fetch();
  }

  private fetch(): Promise<KeySet> {
    if (this.#inflight) return this.#inflight;
    const { issuer, jwksUrl, now } = this.options;
    if (
      this.#lastFailure &&
      now() - this.#lastFetchAt < JWKS_REFRESH_COOLDOWN_MS
    ) {
      return Promise.reject(this.unavailable(this.#lastFailure));
    }
    this.#lastFetchAt = now();
    const inflight = fetchJwks(jwksUrl, { fetch: this.options.fetch })
      .then(async jwks => {
        this.#lastFailure = undefined;
        await this.writeCache(jwks);
        return this.use(jwks, now());
      })
      .catch(error => {
        this.#lastFailure = String((error as Error).message ?? error);
        this.options.logger?.warn(
          `Could not fetch the JWKS of trusted issuer ${issuer} from ${jwksUrl}: ${
            this.#lastFailure
          }`,
        );
        throw this.unavailable(this.#lastFailure);
      })
      .finally(() => {
        this.#inflight = undefined;
      });
    this.#inflight = inflight;
    return inflight;
  }

  private unavailable(reason: string) {
    return new ServiceUnavailableError(
      `Could not fetch the signing keys of ${this.options.issuer} (${reason}); try the upload again later`,
    );
  }

  private use(jwks: JSONWebKeySet, fetchedAt: number): KeySet {
    const json = JSON.stringify(jwks);
    if (this.#memo?.json !== json) {
      this.#memo = { json, set: createLocalJWKSet(jwks), fetchedAt };
    } else if (fetchedAt > this.#memo.fetchedAt) {
      this.#memo.fetchedAt = fetchedAt;
    }
    return this.#memo.set;
  }

  private async readCache(): Promise<JSONWebKeySet | undefined> {
    try {
      const value = await this.options.cache.get<{ keys: [] }>(this.cacheKey);
      return value && Array.isArray(value.keys)
        ? (value as JSONWebKeySet)
        : undefined;
    } catch (error) {
      this.options.logger?.warn(
        `Could not read the cached JWKS of ${this.options.issuer}: ${error}`,
      );
      return undefined;
    }
  }

  private async writeCache(jwks: JSONWebKeySet) {
    try {
      await this.options.cache.set(this.cacheKey, jwks as never, {
        ttl: JWKS_CACHE_TTL_MS,
      });
    } catch (error) {
      this.options.logger?.warn(
        `Could not cache the JWKS of ${this.options.issuer}: ${error}`,
      );
    }
  }
}
