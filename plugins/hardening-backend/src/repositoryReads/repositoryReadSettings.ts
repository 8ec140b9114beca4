import { Config, ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { z } from 'zod';
import { parseConfigSection } from '../configSection';

/** Default for `hardening.repositoryReads.maxFilesPerRequest`. */
export const DEFAULT_MAX_FILES_PER_REQUEST = 20;

/** What limits reads from entities' repositories (`hardening.repositoryReads`), validated. */
export type RepositoryReadPolicy = {
  /** Whether files may be read from this host (`host` or `host:port`, as a URL's `host`). */
  allowsHost(host: string): boolean;
  /** Where the allowed hosts come from, for refusals. */
  hostsSource: string;
  /** Lower-cased `org` (on any allowed host) or `host/org` entries; empty: any organisation. */
  organizations: readonly string[];
  /** Files one request (or one entity in the refresh task) reads at most. */
  maxFilesPerRequest: number;
};

/** A host as a URL's `host` has it (lower case, port only when not the default). */
const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .transform((value, ctx) => {
    const url = URL.canParse(`https://${value}`)
      ? new URL(`https://${value}`)
      : undefined;
    if (!url || /[*/?#@\\\s]/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a host: write a host name with an optional port and nothing else, e.g. github.com or git.example.com:8443 (no scheme, path or wildcard)`,
      });
      return z.NEVER;
    }
    return url.host;
  });

/** An organisation: `org` or `host/org`, lower-cased. */
const organizationSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .transform((value, ctx) => {
    const slash = value.lastIndexOf('/');
    const org = value.slice(slash + 1).toLowerCase();
    const host =
      slash === -1 ? undefined : hostSchema.safeParse(value.slice(0, slash));
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(org) || (host && !host.success)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not an organisation: write its name (the first path segment of its repository URLs, e.g. northwind-freight) or host/name (github.com/northwind-freight)`,
      });
      return z.NEVER;
    }
    return host?.success ? `${host.data}/${org}` : org;
  });

const settingsSchema = z.strictObject({
  allowedHosts: z.array(hostSchema).max(100).optional(),
  allowedOrganizations: z.array(organizationSchema).max(500).default([]),
  maxFilesPerRequest: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_MAX_FILES_PER_REQUEST),
});

/**
 * Reads and validates `hardening.repositoryReads`. Without `allowedHosts`, the hosts
 * with an entry in `integrations` (including the public github.com, gitlab.com,
 * bitbucket.org and dev.azure.com Backstage always adds) are allowed. Invalid values
 * throw, so that the backend refuses to start with a message naming the key.
 */
export function readRepositoryReadPolicy(config: Config): RepositoryReadPolicy {
  const { allowedHosts, allowedOrganizations, maxFilesPerRequest } =
    parseConfigSection(config, 'hardening.repositoryReads', settingsSchema);
  const base = {
    organizations: [...new Set(allowedOrganizations)],
    maxFilesPerRequest,
  };
  if (allowedHosts) {
    const hosts = new Set(allowedHosts);
    return {
      ...base,
      allowsHost: host => hosts.has(host.toLowerCase()),
      hostsSource: `hardening.repositoryReads.allowedHosts (${
        [...hosts].join(', ') || 'empty'
      })`,
    };
  }
  const integrations = ScmIntegrations.fromConfig(config);
  return {
    ...base,
    allowsHost: host => integrations.byHost(host.toLowerCase()) !== undefined,
    hostsSource:
      'the hosts of the integrations config (hardening.repositoryReads.allowedHosts is not set)',
  };
}

/** The policy when nothing is configured. */
export const DEFAULT_REPOSITORY_READ_POLICY = readRepositoryReadPolicy(
  new ConfigReader({}),
);
