import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { EvidenceKind } from '@hardening/backstage-plugin-hardening-common';
import { BlockList, isIP } from 'node:net';
import picomatch from 'picomatch';
import { z } from 'zod';
import { groupRefSchema, lowerRef } from '../catalog';
import { invalidConfigIssues, parseConfigValue } from '../configSection';
import { UPLOAD_KINDS } from './uploadRoutes';

/** The signature algorithms a CI OIDC token may use: asymmetric ones only. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** Default of an issuer's `algorithms`: what GitHub and GitLab sign with, and ES256. */
export const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];

const PUBLISHING_KEY = 'hardening.ingest.trustedPublishing';
const BINDINGS_KEY = 'hardening.ingest.bindings';

/** Default of `trustedPublishing.clockToleranceSeconds`. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

/** One trusted CI issuer, validated and with its defaults filled in. */
export type IssuerSettings = {
  /** Exactly the token's `iss`, without a trailing slash. */
  issuer: string;
  type: 'github' | 'gitlab';
  jwksUrl: string;
  audiences: string[];
  algorithms: string[];
  /** Lower-cased repository owners (GitHub) or top-level groups (GitLab) accepted; all when absent. */
  allowedOwners?: string[];
  /** Where run pages live, e.g. https://github.com. */
  runUrlBase: string;
  /**
   * The host an entity's instance annotation (`gitlab.com/instance`,
   * `hardening.io/github-instance`) names for this issuer, e.g. `github.com`.
   */
  instance: string;
};

/** A rule on the refs that may upload some kinds of evidence. */
export type RefRule = {
  /** The kinds it applies to; every kind when absent. */
  kinds?: EvidenceKind[];
  /** Glob patterns (e.g. `refs/tags/*`) of which the token's full ref must match one. */
  refs?: string[];
  /** Events (GitHub `event_name`, GitLab `pipeline_source`) of which the token's must be one. */
  events?: string[];
  /** The token must say its ref is protected (`ref_protected: "true"`). */
  protectedOnly: boolean;
};

export type TrustedPublishingSettings = {
  issuers: IssuerSettings[];
  clockToleranceSeconds: number;
  refRules: RefRule[];
};

/** Who a binding is for: a service principal's subject, or an OIDC token's repository. */
export type BindingSubject =
  | { subject: string }
  | { repository: string; issuer?: string };

/** An entry of `hardening.ingest.bindings`, normalised (refs and patterns lower-cased). */
export type IngestBinding = BindingSubject & {
  /** Entity refs (`component:default/payments-api`). */
  entityRefs: string[];
  /** Glob patterns over entity refs (`component:default/payments-*`). */
  patterns: string[];
  /** Group refs whose entities, and those of every group below them, are covered. */
  ownedBy: string[];
};

export type PublishingSettings = {
  /** Absent when no issuer is configured: OIDC tokens are then not accepted at all. */
  trustedPublishing?: TrustedPublishingSettings;
  bindings: IngestBinding[];
};

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `localhost`, an address in 127.0.0.0/8 or ::1 (also IPv4-mapped); no name is resolved. */
function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** An https URL (http only on loopback, for tests), without query or fragment. */
const endpointSchema = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a URL` });
      return z.NEVER;
    }
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && isLoopback(url))
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" must use https (plain http is accepted on loopback only)`,
      });
      return z.NEVER;
    }
    if (url.search || url.hash || url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" must not have credentials, a query or a fragment`,
      });
      return z.NEVER;
    }
    return value.replace(/\/+$/, '');
  });

const ownerSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'is not an owner or group name')
  .transform(v => v.toLocaleLowerCase('en-US'));

const audienceSchema = z.string().min(1).max(2048);

const issuerSchema = z.strictObject({
  issuer: endpointSchema,
  type: z.enum(['github', 'gitlab']),
  jwksUrl: endpointSchema.optional(),
  audience: z
    .union([audienceSchema, z.array(audienceSchema).min(1).max(10)])
    .optional(),
  algorithms: z
    .array(z.enum(ASYMMETRIC_ALGORITHMS))
    .min(1)
    .default([
      ...DEFAULT_ALGORITHMS,
    ] as (typeof ASYMMETRIC_ALGORITHMS)[number][]),
  allowedOwners: z.array(ownerSchema).min(1).max(500).optional(),
  runUrlBase: endpointSchema.optional(),
  instance: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'is a host name, e.g. gitlab.example.com')
    .optional(),
});

const refPatternSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^refs\//, 'a ref pattern starts with refs/, e.g. refs/tags/*');

const eventSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,100}$/,
    'is an event name, e.g. push, pull_request_target or merge_request_event',
  );

const refRuleSchema = z
  .strictObject({
    kinds: z.array(z.enum(UPLOAD_KINDS)).min(1).optional(),
    refs: z.array(refPatternSchema).min(1).max(100).optional(),
    events: z.array(eventSchema).min(1).max(50).optional(),
    protectedOnly: z.boolean().default(false),
  })
  .refine(
    rule => rule.refs || rule.events || rule.protectedOnly,
    'a ref rule needs refs, events, protectedOnly: true, or several of them',
  );

const trustedPublishingSchema = z.strictObject({
  issuers: z
    .array(issuerSchema)
    .max(20)
    .refine(
      issuers => new Set(issuers.map(i => i.issuer)).size === issuers.length,
      'each issuer may be configured once',
    )
    .refine(
      issuers =>
        issuers.filter(i => i.type === 'github').length < 2 ||
        issuers.every(i => i.type !== 'github' || i.instance),
      'with several GitHub issuers each needs an instance (e.g. github.com, github.northwind.example), which entities name in their hardening.io/github-instance annotation: the same owner/name can exist on each',
    ),
  clockToleranceSeconds: z
    .number()
    .int()
    .min(0)
    .max(300)
    .default(DEFAULT_CLOCK_TOLERANCE_SECONDS),
  refRules: z.array(refRuleSchema).max(100).default([]),
});

const GLOB_CHARACTERS = /[*?[\]{}!()+@]/;

/** An entity ref, or a glob pattern over entity refs; both lower-cased. */
const entitySelectorSchema = z
  .string()
  .min(1)
  .max(500)
  .transform((value, ctx) => {
    const lower = lowerRef(value);
    if (GLOB_CHARACTERS.test(value)) {
      if (!/^[^:/]+:[^:/]+\/[^:/]+$/.test(lower)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not a pattern of the form kind:namespace/name, e.g. component:default/payments-*`,
        });
        return z.NEVER;
      }
      return { pattern: lower };
    }
    try {
      return { ref: stringifyEntityRef(parseEntityRef(lower)) };
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not an entity ref (kind:namespace/name): ${
          (error as Error).message
        }`,
      });
      return z.NEVER;
    }
  });

const ownerGroupSchema = groupRefSchema.refine(
  ref => ref.startsWith('group:'),
  'ownedBy lists groups, e.g. group:default/team-payments',
);

const bindingSchema = z
  .strictObject({
    subject: z.string().min(1).max(500).optional(),
    repository: z
      .string()
      .regex(
        /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)+$/,
        'is a repository path, e.g. northwind-freight/payments-api',
      )
      .optional(),
    issuer: endpointSchema.optional(),
    entities: z.array(entitySelectorSchema).max(1000).default([]),
    ownedBy: z.array(ownerGroupSchema).max(100).default([]),
  })
  .refine(
    b => (b.subject === undefined) !== (b.repository === undefined),
    'a binding names either a subject (a service principal) or a repository (an OIDC token), not both',
  )
  .refine(
    b => b.issuer === undefined || b.repository !== undefined,
    'issuer is only for repository bindings',
  )
  .refine(
    b => b.entities.length > 0 || b.ownedBy.length > 0,
    'a binding needs entities, ownedBy or both',
  );

/** Where a GitHub issuer's run pages live: github.com, a GHE.com tenant or the server. */
function githubRunUrlBase(issuer: URL): string {
  if (issuer.hostname === 'token.actions.githubusercontent.com') {
    return 'https://github.com';
  }
  if (issuer.hostname.startsWith('token.actions.')) {
    return `${issuer.protocol}//${issuer.host.slice('token.actions.'.length)}`;
  }
  return issuer.origin;
}

function withDefaults(
  raw: z.infer<typeof issuerSchema>,
  defaultAudience: string,
): IssuerSettings {
  const url = new URL(raw.issuer);
  const jwksPath =
    raw.type === 'github' ? '/.well-known/jwks' : '/oauth/discovery/keys';
  const runUrlBase =
    raw.runUrlBase ??
    (raw.type === 'github' ? githubRunUrlBase(url) : raw.issuer);
  // GitHub's issuer is not where its repositories live; its run pages are.
  const host = raw.type === 'github' ? new URL(runUrlBase).host : url.host;
  return {
    issuer: raw.issuer,
    type: raw.type,
    jwksUrl: raw.jwksUrl ?? `${raw.issuer}${jwksPath}`,
    audiences: raw.audience ? [raw.audience].flat() : [defaultAudience],
    algorithms: raw.algorithms,
    allowedOwners: raw.allowedOwners,
    runUrlBase,
    instance: (raw.instance ?? host).toLocaleLowerCase('en-US'),
  };
}

/** Two issuers of one CI system on one instance would make the instance check moot. */
function assertDistinctInstances(issuers: readonly IssuerSettings[]) {
  issuers.forEach((issuer, index) => {
    const twin = issuers.find(
      (other, i) =>
        i < index &&
        other.type === issuer.type &&
        other.instance === issuer.instance,
    );
    if (twin) {
      throw invalidConfigIssues(PUBLISHING_KEY, [
        {
          path: ['issuers', index, 'instance'],
          message: `${issuer.issuer} and ${twin.issuer} are both ${issuer.type} instance ${issuer.instance}; give each its own instance (the host its repositories live on)`,
        },
      ]);
    }
  });
}

/**
 * Reads and validates `hardening.ingest.trustedPublishing` and `hardening.ingest.bindings`;
 * anything invalid throws, so the backend refuses to start with a message naming the key.
 * An issuer's default audience is the origin of `backend.baseUrl`.
 */
export function readPublishingSettings(config: Config): PublishingSettings {
  const rawBindings = parseConfigValue(
    BINDINGS_KEY,
    z.array(bindingSchema).max(1000),
    config.getOptional(BINDINGS_KEY) ?? [],
  );
  const rawPublishing = config.getOptional(PUBLISHING_KEY);
  const publishing =
    rawPublishing === undefined
      ? undefined
      : parseConfigValue(
          PUBLISHING_KEY,
          trustedPublishingSchema,
          rawPublishing,
        );

  const issuers = publishing?.issuers ?? [];
  const bindings = rawBindings.map((raw, index): IngestBinding => {
    if (raw.issuer && !issuers.some(i => i.issuer === raw.issuer)) {
      throw invalidConfigIssues(BINDINGS_KEY, [
        {
          path: [index, 'issuer'],
          message: `${raw.issuer} is not one of ${PUBLISHING_KEY}.issuers`,
        },
      ]);
    }
    const who: BindingSubject =
      raw.subject !== undefined
        ? { subject: raw.subject }
        : { repository: raw.repository!, issuer: raw.issuer };
    return {
      ...who,
      entityRefs: raw.entities.flatMap(e => e.ref ?? []),
      patterns: raw.entities.flatMap(e => e.pattern ?? []),
      ownedBy: raw.ownedBy,
    };
  });

  if (!publishing || publishing.issuers.length === 0) {
    return { bindings };
  }
  const defaultAudience = new URL(config.getString('backend.baseUrl')).origin;
  const filled = publishing.issuers.map(i => withDefaults(i, defaultAudience));
  assertDistinctInstances(filled);
  return {
    bindings,
    trustedPublishing: {
      issuers: filled,
      clockToleranceSeconds: publishing.clockToleranceSeconds,
      refRules: publishing.refRules,
    },
  };
}

/** Whether `value` matches one of the glob `patterns` (`*` stays within a path segment). */
export function matchesAny(value: string, patterns: readonly string[]) {
  return patterns.length > 0 && picomatch.isMatch(value, [...patterns]);
}
