import { ciContextSchema } from '@hardening/backstage-plugin-hardening-common';
import { Command, Option } from 'commander';
import { resolveCredentialSource } from '../auth/credentialSource';
import { assertSafeTransport } from '../auth/transportSafety';
import { CliError } from '../CliError';
import { CliIo } from '../cliIo';
import { resolveBackendTarget } from '../upload/backendTarget';
import { ciContextFromEnvironment } from '../upload/ciEnvironment';
import { ProgressMode } from '../upload/progressReporter';
import { DEFAULT_RETRY_POLICY } from '../upload/retryPolicy';
import { BackendConnection, UploadSettings } from '../upload/uploadEvidence';
import { collect, integerIn } from './optionParsers';
import { CLI_VERSION } from '../version';

/** Where the backend is, which entity, with which credential, how patiently. */
export type BackendFlags = {
  entity?: string;
  backendUrl?: string;
  token?: string;
  audience?: string;
  idTokenEnv?: string;
  allowInsecure?: boolean;
  retries: number;
  timeout: number;
};

/** The options of every command that uploads, as commander gives them. */
export type ConnectionFlags = BackendFlags & {
  commit?: string;
  branch?: string;
  runUrl?: string;
  pipeline?: string;
  runId?: string;
  runAttempt?: number;
  runAt?: string;
  tag?: string[];
  progress?: boolean;
  json?: boolean;
};

/** Adds the backend, entity, credential and retry options to a command. */
export function addBackendOptions(command: Command): Command {
  return command
    .option(
      '--entity <ref>',
      'catalog entity the evidence belongs to, e.g. component:default/payments-api [env: HARDENING_ENTITY]',
    )
    .option(
      '--backend-url <url>',
      'Backstage backend base URL, e.g. https://backstage.example.com [env: HARDENING_BACKEND_URL]',
    )
    .option(
      '--token <token>',
      "static bearer token, e.g. an external access token; without one the CI system's OIDC ID token is sent [env: HARDENING_TOKEN]",
    )
    .option(
      '--audience <aud>',
      'audience of the GitHub Actions ID token (default: the origin of --backend-url) [env: HARDENING_OIDC_AUDIENCE]',
    )
    .option(
      '--id-token-env <name>',
      'variable holding an OIDC ID token, as GitLab CI `id_tokens` sets it (default HARDENING_ID_TOKEN) [env: HARDENING_ID_TOKEN_ENV]',
    )
    .option(
      '--allow-insecure',
      'allow sending the token over plain http:// to a host other than this machine',
    )
    .option(
      '--retries <n>',
      'retries after a 5xx, 429 or network error',
      integerIn(0, 20),
      DEFAULT_RETRY_POLICY.attempts - 1,
    )
    .option(
      '--timeout <seconds>',
      'give up on a connection idle this long',
      integerIn(1, 3600),
      300,
    );
}

/**
 * Adds the backend, entity, credential, retry and CI context options to a command;
 * `--json` (print the backend's answer) unless the command has a `--json` of its own.
 */
export function addConnectionOptions(
  command: Command,
  options: { json: boolean } = { json: true },
): Command {
  addBackendOptions(command)
    .option('--commit <sha>', 'commit the evidence is for (default: from CI)')
    .option('--branch <name>', 'branch (default: from CI)')
    .option('--run-url <url>', 'URL of the CI run (default: from CI)')
    .option('--pipeline <name>', 'pipeline or workflow (default: from CI)')
    .option(
      '--run-id <id>',
      "the CI system's id of the run (default: from CI) [env: HARDENING_RUN_ID]",
    )
    .option(
      '--run-attempt <n>',
      'attempt of a re-run run, from 1 (default: from CI) [env: HARDENING_RUN_ATTEMPT]',
      integerIn(1, 10000),
    )
    .option(
      '--run-at <iso>',
      'when the CI run started, ISO 8601 with a time zone (default: from CI) [env: HARDENING_RUN_AT]',
    )
    .option(
      '--tag <tag>',
      'tag the evidence, e.g. e2e:happy (repeatable, or comma-separated)',
      collect,
      [],
    )
    .addOption(
      new Option(
        '--progress',
        'always show upload progress on stderr (default: for files of 1 MiB or more on a terminal)',
      ),
    )
    .addOption(new Option('--no-progress', 'never show upload progress'));
  if (options.json) {
    command.option('--json', "print the backend's JSON answer");
  }
  return command;
}

/** What a CI context field looks like, where the schema's message does not say. */
const EXPECTED: Record<string, string> = {
  runAttempt: 'a whole number from 1',
  runAt: 'ISO 8601 with a time zone, e.g. 2026-11-20T09:58:12Z',
};

function nonBlank(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

/** A variable's digits as a number; anything else as it is, for the schema to refuse. */
function wholeNumber(value: string | undefined): number | string | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * The backend, entity and credential from the flags and the `HARDENING_*` variables
 * (flags win), with the transport checks every request carrying a token passes: no plain
 * http to another machine unless `--allow-insecure`.
 */
export function resolveBackendConnection(
  flags: BackendFlags,
  io: CliIo,
): BackendConnection {
  const target = resolveBackendTarget({
    entity: flags.entity ?? io.env.HARDENING_ENTITY,
    backendUrl: flags.backendUrl ?? io.env.HARDENING_BACKEND_URL,
  });
  const credential = resolveCredentialSource({
    token: flags.token ?? io.env.HARDENING_TOKEN,
    idTokenEnv: flags.idTokenEnv ?? io.env.HARDENING_ID_TOKEN_ENV,
    audience:
      nonBlank(flags.audience) ??
      nonBlank(io.env.HARDENING_OIDC_AUDIENCE) ??
      target.entityUrl.origin,
    env: io.env,
  });
  const allowInsecure = flags.allowInsecure === true;
  assertSafeTransport(target.entityUrl, {
    what: 'the token',
    option: '--backend-url',
    allowInsecure,
  });
  if (credential.kind === 'github-actions') {
    assertSafeTransport(credential.requestUrl, {
      what: 'the ID token request token',
      option: 'ACTIONS_ID_TOKEN_REQUEST_URL',
      allowInsecure,
    });
  }
  return {
    target,
    credential,
    policy: { ...DEFAULT_RETRY_POLICY, attempts: flags.retries + 1 },
    idleTimeoutMs: flags.timeout * 1000,
    userAgent: `hardening-cli/${CLI_VERSION}`,
  };
}

/**
 * The upload settings from the flags, the `HARDENING_*` variables and the CI system's
 * variables, in that order of precedence. The CI context is validated like the backend
 * validates it, so a bad tag fails here rather than after the upload.
 */
export function resolveUploadSettings(
  flags: ConnectionFlags,
  io: CliIo,
): UploadSettings {
  const { target, credential, policy, idleTimeoutMs, userAgent } =
    resolveBackendConnection(flags, io);
  const fromCi = ciContextFromEnvironment(io.env);
  const parsed = ciContextSchema.safeParse({
    commit: flags.commit ?? fromCi.commit,
    branch: flags.branch ?? fromCi.branch,
    runUrl: flags.runUrl ?? fromCi.runUrl,
    pipeline: flags.pipeline ?? fromCi.pipeline,
    runId: flags.runId ?? nonBlank(io.env.HARDENING_RUN_ID) ?? fromCi.runId,
    runAttempt:
      flags.runAttempt ??
      wholeNumber(nonBlank(io.env.HARDENING_RUN_ATTEMPT) ?? fromCi.runAttempt),
    runAt: flags.runAt ?? nonBlank(io.env.HARDENING_RUN_AT) ?? fromCi.runAt,
    tags: (flags.tag ?? [])
      .flatMap(t => t.split(','))
      .map(t => t.trim())
      .filter(Boolean),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map(issue => {
        const field = issue.path.join('.');
        const hint = EXPECTED[field];
        return `${field}: ${issue.message}${hint ? ` (expected ${hint})` : ''}`;
      })
      .join('; ');
    throw new CliError(
      `invalid CI context${
        fromCi.system ? ` (read from ${fromCi.system})` : ''
      }: ${issues}`,
    );
  }
  let progress: ProgressMode = 'auto';
  if (flags.progress === true) progress = 'always';
  if (flags.progress === false) progress = 'never';
  return {
    target,
    credential,
    context: parsed.data,
    send: { policy, idleTimeoutMs, progress },
    json: flags.json === true,
    userAgent,
  };
}
