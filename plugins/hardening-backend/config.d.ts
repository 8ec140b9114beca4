export interface Config {
  /** Configuration of the Hardening plugins. */
  hardening?: {
    ingest?: {
      /**
       * Largest accepted evidence upload in bytes; larger uploads get HTTP 413.
       * Default 67108864 (64 MiB).
       */
      maxUploadBytes?: number;
    };
    access?: {
      /**
       * Seconds an access decision (entity found in the catalog, permission allowed or
       * denied) is remembered per caller and entity. Authentication still runs on every
       * request. A revoked permission or a deleted entity takes effect at most this
       * late. Default 5; 0 turns the cache off.
       */
      cacheTtlSeconds?: number;
    };
    /**
     * The seeding runner, run once at start-up (idempotent).
     */
    seed?: {
      /** none (default), e2e (3 days), golden (30 days, the demo) or full (365 days). */
      mode?: 'none' | 'e2e' | 'golden' | 'full';
      /** Entity refs to seed, e.g. component:default/payments-api. */
      entities?: string[];
      /** Number of days of history; overrides the mode's default. */
      days?: number;
    };
  };
}
