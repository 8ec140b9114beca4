import { randomBytes } from 'node:crypto';
import { PostgresEnv } from './postgres';

export type ReplicaTokens = { upload: string; read: string };

export function freshTokens(): ReplicaTokens {
  const token = () => randomBytes(24).toString('base64url');
  return { upload: token(), read: token() };
}

/**
 * What the harness adds to the README's recipe, through the environment only:
 *
 * - the database: the PostgreSQL of `postgres`, every plugin's database named with `prefix`;
 * - `backend.baseUrl`: one address for all replicas, as behind one load balancer (the
 *   transparency log's checkpoint origin and its generated signing key are named after it);
 * - two static external access tokens: CI uploads, restricted and bound to team-payments'
 *   entities as the README's "Uploading from CI" configures them, and a reader of the catalog
 *   and the evidence;
 * - no demo seed, so that only the harness writes evidence;
 * - the runbook refresh's and the retention prune's initial delays cut to 5 s, so that
 *   their scheduling is checked.
 *
 * The listen port is set per replica when it is started.
 */
export function replicaEnv(options: {
  prefix: string;
  publicBaseUrl: string;
  tokens: ReplicaTokens;
  postgres: PostgresEnv;
}): Record<string, string> {
  const { tokens } = options;
  const externalAccess = [
    {
      type: 'static',
      options: { token: tokens.upload, subject: 'ci-evidence-upload' },
      accessRestrictions: [
        { plugin: 'hardening', permission: 'hardening.evidence.create' },
      ],
    },
    {
      type: 'static',
      options: { token: tokens.read, subject: 'replica-harness-reader' },
      accessRestrictions: [
        { plugin: 'catalog' },
        { plugin: 'hardening', permission: 'hardening.evidence.read' },
      ],
    },
  ];
  const bindings = [
    { subject: 'ci-evidence-upload', ownedBy: ['group:default/team-payments'] },
  ];
  return {
    ...options.postgres,
    APP_CONFIG_backend_baseUrl: options.publicBaseUrl,
    APP_CONFIG_backend_database_prefix: options.prefix,
    APP_CONFIG_backend_auth_externalAccess: JSON.stringify(externalAccess),
    APP_CONFIG_hardening_ingest_bindings: JSON.stringify(bindings),
    APP_CONFIG_hardening_seed_mode: 'none',
    // The runbook refresh's and the retention prune's workers start polling 5 s after
    // start, not 2 and 5 min.
    APP_CONFIG_hardening_runbooks_refresh: JSON.stringify({
      initialDelay: { seconds: 5 },
    }),
    APP_CONFIG_hardening_retention_initialDelay: '5s',
  };
}
