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
  };
}
