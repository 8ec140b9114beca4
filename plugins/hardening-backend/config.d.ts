/** A duration as config writes it, e.g. { hours: 6 }. */
type HumanDuration = {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
};

export interface Config {
  /** Configuration of the Hardening plugins. */
  hardening?: {
    /**
     * The release transparency log: every entity's audit chain is the leaf list of an
     * RFC 9162 Merkle tree whose checkpoints the backend signs. See
     * docs/audit-chain.md.
     */
    transparency?: {
      /**
       * The Ed25519 key checkpoints are signed with, as a C2SP signer key
       * (`PRIVATE+KEY+<name>+<key id>+<base64>`; `hardening keys generate` prints one).
       * Without it the backend generates a key at first start, stores it in its
       * database and logs a warning.
       * @visibility secret
       */
      signingKey?: string;
      /**
       * Witnesses whose cosignatures (C2SP tlog-cosignature, Ed25519) the backend
       * accepts and shows: their verifier keys (`<name>+<key id>+<base64>`, type 0x04).
       */
      witnesses?: Array<{
        /** The witness's verifier key. */
        key: string;
      }>;
      /**
       * Names of witnesses (from `witnesses`) that must have cosigned an entity's
       * current checkpoint before any of its milestones can be frozen. Default none.
       */
      freezeRequiresWitnesses?: string[];
    };
    ingest?: {
      /**
       * Largest accepted evidence upload in bytes; larger uploads get HTTP 413.
       * Default 67108864 (64 MiB).
       */
      maxUploadBytes?: number;
      /**
       * Largest accepted JSON upload in bytes: CTRF test reports, contract results and
       * triage reports, which are parsed whole in memory (JUnit XML and audit chains are
       * read as streams and only capped by maxUploadBytes). Larger uploads get HTTP 413.
       * maxUploadBytes still caps it when smaller. Default 16777216 (16 MiB).
       */
      maxJsonUploadBytes?: number;
      /**
       * Most bytes of text one test report may store: the ids, names, classnames,
       * suite paths, files and messages of its tests, added up as they are parsed (one
       * byte per character, two for text with characters beyond U+00FF, as it is
       * held). A report over it is refused whole with HTTP 400. It bounds what one
       * upload makes the backend hold, in memory while it is parsed and in the
       * database, whatever the report's shape (a suite name counts once for every
       * test under it). Default 134217728 (128 MiB); see docs/test-reports.md.
       */
      maxTestTextBytes?: number;
      /**
       * Which entities service principals may write (uploads, contract, required gates,
       * milestones, triage, runbooks). A service principal (a static or JWKS external
       * access token, another plugin's own token) writes nothing without an entry
       * covering the entity; reads are not affected, users are left to the permission
       * policy. An entry for a `repository` narrows what CI OIDC tokens of that repository
       * may write, on top of the project-slug annotation. Invalid entries stop the
       * backend at start-up. See docs/trusted-publishing.md.
       */
      bindings?: Array<{
        /** A service principal's subject, e.g. the `subject` of a static token. */
        subject?: string;
        /** Or the repository of CI OIDC tokens, e.g. northwind-freight/payments-api. */
        repository?: string;
        /** With `repository`: only tokens of this trusted issuer. */
        issuer?: string;
        /**
         * Entity refs (component:default/payments-api) or glob patterns over them
         * (component:default/payments-*; `*` does not cross `/`).
         */
        entities?: string[];
        /** Groups whose entities, and those of every group below them, are covered. */
        ownedBy?: string[];
      }>;
      /**
       * Trusted publishing: CI jobs upload evidence with their CI system's OIDC ID token
       * instead of a long-lived secret. See docs/trusted-publishing.md.
       */
      trustedPublishing?: {
        /** The CI systems whose tokens are accepted. */
        issuers: Array<{
          /**
           * The token's `iss`, e.g. https://token.actions.githubusercontent.com or
           * https://gitlab.com. https only (http on loopback, for tests).
           */
          issuer: string;
          /** github or gitlab: which claims the token carries. */
          type: 'github' | 'gitlab';
          /**
           * Where the issuer publishes its keys. Default: the issuer followed by
           * /.well-known/jwks (GitHub) or /oauth/discovery/keys (GitLab).
           */
          jwksUrl?: string;
          /**
           * The audience(s) a token must be issued for. Default: the origin of
           * backend.baseUrl, e.g. https://backstage.example.com.
           */
          audience?: string | string[];
          /** Accepted signature algorithms, asymmetric only. Default [RS256, ES256]. */
          algorithms?: string[];
          /**
           * Repository owners (GitHub) or top-level groups (GitLab) whose tokens are
           * accepted; all when absent (a warning is logged at start-up).
           */
          allowedOwners?: string[];
          /**
           * Where run pages live, for the run URL of an upload. Default https://github.com
           * for GitHub's public issuer, the server for GitHub Enterprise, the issuer for GitLab.
           */
          runUrlBase?: string;
          /**
           * The host an entity's instance annotation (gitlab.com/instance,
           * hardening.io/github-instance) names for this issuer. Default the issuer's host
           * (GitLab) or the host of runUrlBase (GitHub, e.g. github.com). Required on every
           * GitHub issuer when several are configured; two issuers of one CI system may not
           * share an instance.
           */
          instance?: string;
        }>;
        /** Allowed clock skew when checking exp and nbf, in seconds. Default 30, at most 300. */
        clockToleranceSeconds?: number;
        /**
         * Rules on the ref and event a token is for, per evidence kind: every rule naming
         * the kind (or naming none) must hold, e.g. { kinds: [audit-chain], refs:
         * ['refs/tags/*'] }. test-report, ci-gates, contract-results and stress-run
         * uploads from pull_request_target and workflow_run runs are refused unless a
         * rule for the kind lists the event in its events.
         */
        refRules?: Array<{
          /** test-report, ci-gates, contract-results, stress-run, validation, triage, audit-chain, git-tags. */
          kinds?: string[];
          /** Glob patterns of full refs (refs/heads/main, refs/tags/v*). */
          refs?: string[];
          /**
           * Events the token's run must be one of: GitHub event_name (push,
           * pull_request, pull_request_target, workflow_run, …) or GitLab
           * pipeline_source (push, merge_request_event, schedule, …).
           */
          events?: string[];
          /** The token must say its ref is protected (ref_protected). */
          protectedOnly?: boolean;
        }>;
      };
    };
    access?: {
      /**
       * Seconds an access decision (entity found in the catalog, permission allowed or
       * denied) is remembered per caller and entity, and the catalog listings of the
       * scorecard group and org pages (the entities and groups a caller may see) per
       * caller. Authentication still runs on every request. A revoked permission or a
       * deleted entity takes effect at most this late. Default 5; 0 turns the cache off.
       */
      cacheTtlSeconds?: number;
    };
    /**
     * Triage of integration failures. Invalid values (an unknown class, a pattern that
     * does not compile, a malformed group ref) stop the backend at start-up.
     */
    triage?: {
      /**
       * Suggestion rules, tried in order before the built-in ones; the first whose
       * patterns all match decides. Patterns are JavaScript regular expressions searched
       * in the failure's title, symptom and message (messagePattern) or its stack trace
       * (tracePattern).
       */
      rules?: Array<{
        name: string;
        /** infra-ci, harness, algorithm-regression, data-schema-drift or flake. */
        class: string;
        messagePattern?: string;
        tracePattern?: string;
      }>;
      /** Prefixes the organisation adds to the built-in taxonomies. */
      taxonomy?: {
        scenarioPrefixes?: string[];
        invariantPrefixes?: string[];
        /** Display names of the added prefixes, e.g. { PAY: Payouts }. */
        labels?: { [prefix: string]: string };
      };
      /**
       * The group each class is routed to, e.g. { infra-ci: ci-maintainers }; classes
       * without one go to the entity's owner.
       */
      routing?: { [triageClass: string]: string };
      /** Hours an open failure may stay unclassified before it is escalated. Default 24. */
      escalateAfterHours?: number;
      /**
       * Defect templates per owning group ref (Markdown with {{field}} placeholders),
       * used unless the entity's hardening.io/defect-template annotation names its own.
       */
      defectTemplates?: { [groupRef: string]: string };
      /** Local repro command for defects, e.g. yarn test:integration -t "{{scenarioId}}". */
      reproCommand?: string;
    };
    /** Runbooks of entities. */
    runbooks?: {
      /** Largest runbook upload in bytes (413 above). Default 1048576 (1 MiB). */
      maxUploadBytes?: number;
      /** A runbook without a next-review date is stale this many days after its last update. Default 180. */
      staleAfterDays?: number;
      /**
       * The task that re-reads every annotated runbook and records its review facts
       * (hardening-runbook-refresh, one replica at a time).
       */
      refresh?: {
        /**
         * How often it runs: a duration such as { hours: 6 } (the default), an ISO 8601
         * duration, or a cron expression as a string or as { cron }.
         */
        frequency?: string | { cron: string } | HumanDuration;
        /** Longest one run may take, e.g. { minutes: 15 } (the default). */
        timeout?: string | HumanDuration;
        /** Wait after start-up before the first run, e.g. { minutes: 2 } (the default). */
        initialDelay?: string | HumanDuration;
      };
    };
    /**
     * Reads of runbooks and defect templates from entities' repositories (the files the
     * hardening.io/runbooks and hardening.io/defect-template annotations name). Files are
     * read only under the folder of the catalog file the entity was read from
     * (backstage.io/managed-by-location), never from backstage.io/source-location.
     * Invalid values stop the backend at start-up.
     */
    repositoryReads?: {
      /**
       * Hosts files may be read from, e.g. [github.com, git.example.com:8443] (no scheme,
       * path or wildcard). Default: the hosts of the integrations config (github.com,
       * gitlab.com, bitbucket.org and dev.azure.com are always among them). An empty list
       * turns repository reads off.
       */
      allowedHosts?: string[];
      /**
       * Organisations files may be read from: the first path segment of the location's
       * URL (a GitHub organisation or user, a GitLab top-level group, a Bitbucket
       * workspace), as name (on any allowed host) or host/name. Case-insensitive.
       * Default: any organisation.
       */
      allowedOrganizations?: string[];
      /**
       * Most repository files one request reads (a runbook list, a team queue's runbook
       * sections, a defect with its template); also per entity in the refresh task.
       * Default 20.
       */
      maxFilesPerRequest?: number;
    };
    /** Team scorecards. */
    scorecards?: {
      /**
       * Levels, lowest first: an entity reaches a level when all its rules and those of
       * every level below hold. Default bronze, silver and gold (see docs/scorecards.md).
       */
      levels?: Array<{
        id: string;
        title: string;
        rules: Array<{
          /** A metric, e.g. contractGatePassRate, requiredGatesGreen, flakyTests. */
          metric: string;
          /** >=, <=, == or is-true. */
          op: string;
          value?: number | boolean | string;
        }>;
      }>;
      /** Catalog kinds that get scorecards. Default [Component]. */
      kinds?: string[];
      /** The metadata.labels key holding an entity's tier. Default tier. */
      tierLabel?: string;
      /**
       * No longer configurable: every flaky-test figure (Hardening tab, scorecards) covers
       * the last 14 days. Accepted only as 14; any other value stops the backend.
       * @deprecated remove it
       */
      flakyWindowDays?: number;
      /** Stress limits for entities without a milestone. Defaults 500 ms and 0.01. */
      stress?: { p95LimitMs?: number; errorRateLimit?: number };
      /** Days of daily snapshots kept for trends. Default 182. */
      snapshots?: { retentionDays?: number };
    };
    /** Flaky scores and test quarantine (docs/flaky-tests.md). */
    flaky?: {
      /** Window of `GET …/tests/flaky` when the request names none, in days (1–90). Default 14. */
      windowDays?: number;
      /** Expiry of a quarantine or disable that names none, in days. Default 14. */
      defaultQuarantineDays?: number;
      /** Latest expiry a quarantine or disable may set, in days ahead. Default 90. */
      maxQuarantineDays?: number;
      /** Passes in a row after which a quarantined test is proposed as fixed. Default 10. */
      fixedAfterPasses?: number;
    };
    /**
     * How long evidence details are kept. A task runs once a day across all replicas
     * (audited as `retention-prune`).
     */
    retention?: {
      /** Whether the daily prune runs. Default true. */
      enabled?: boolean;
      /**
       * Per-test result rows of reports received more than this many days ago (whole UTC
       * days) are folded into daily aggregates and deleted; `GET …/tests/days` shows the
       * same figures after. Reports, their summaries, release chains and freeze records are
       * not pruned. 30 to 3650, default 90.
       */
      testResultDays?: number;
      /**
       * Reports (test reports, gates, contract results, stress runs, validation, triage)
       * received more than this many days ago are deleted, except each entity's newest of
       * each kind and those a freeze relied on. At least testResultDays, default 730.
       */
      reportDays?: number;
      /**
       * Days an entity may be missing from the catalog before its reports are deleted
       * (its release chain, tags and freezes are kept). Default 30.
       */
      removedEntityGraceDays?: number;
      /** Rows per transaction, 100 to 50000. Default 5000. */
      batchSize?: number;
      /**
       * Wait after start-up before a replica's worker of the prune task takes a run
       * (scheduled, or triggered through the scheduler's REST API): a duration string such
       * as '30s' or '5 minutes', an ISO 8601 duration ('PT5M') or { minutes: 5 }.
       * Default { minutes: 5 }.
       */
      initialDelay?: string | HumanDuration;
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
