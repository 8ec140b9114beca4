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
