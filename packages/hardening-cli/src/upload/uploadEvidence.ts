import { CiContext } from '@hardening/backstage-plugin-hardening-common';
import { bearerToken, CredentialSource } from '../auth/credentialSource';
import { CliIo } from '../cliIo';
import { backendRedirectHint } from './backendRedirectHint';
import { BackendTarget } from './backendTarget';
import { describeAnswer } from './describeAnswer';
import { UploadFormat, UploadKind } from './evidenceKinds';
import { sendWithRetries, SendOptions } from './sendWithRetries';
import { RetryPolicy } from './retryPolicy';
import { RequestBody } from './sendRequest';

/** Where requests go, with which credential, how patiently. */
export type BackendConnection = {
  target: BackendTarget;
  /** Where the bearer token comes from; an ID token is asked for just before sending. */
  credential: CredentialSource;
  policy: RetryPolicy;
  idleTimeoutMs: number;
  userAgent: string;
};

/** Everything an upload needs besides its body: where, who, which run, how. */
export type UploadSettings = Pick<
  BackendConnection,
  'target' | 'credential' | 'userAgent'
> & {
  context: CiContext;
  send: Omit<SendOptions, 'label'>;
  /** Print the backend's JSON answer instead of a one-line description. */
  json: boolean;
};

export type UploadItem = {
  kind: UploadKind;
  format: UploadFormat;
  /** `?format=` to send, when the format was asked for explicitly. */
  formatQuery?: string;
  /** The id the path ends with, for kinds that have one (runbooks). */
  itemId?: string;
  /** The kind's own query parameters (stress-run k6 options). */
  params?: Record<string, string>;
  body: RequestBody;
  /** Names the body in messages, e.g. the file name. */
  label: string;
};

/** The upload URL: the kind's path under the entity, with the CI context in the query. */
export function uploadUrl(item: UploadItem, settings: UploadSettings): URL {
  const url = new URL(settings.target.entityUrl.toString());
  url.pathname = `${url.pathname}/${item.kind.path}${
    item.itemId ? `/${encodeURIComponent(item.itemId)}` : ''
  }`;
  const query = url.searchParams;
  if (item.kind.ciContext) {
    const { commit, branch, runUrl, pipeline, runId, runAttempt, runAt, tags } =
      settings.context;
    if (commit) query.set('commit', commit);
    if (branch) query.set('branch', branch);
    if (runUrl) query.set('runUrl', runUrl);
    if (pipeline) query.set('pipeline', pipeline);
    if (runId) query.set('runId', runId);
    if (runAttempt !== undefined) query.set('runAttempt', String(runAttempt));
    if (runAt) query.set('runAt', runAt);
    if (tags.length > 0) query.set('tags', tags.join(','));
  }
  if (item.formatQuery) query.set('format', item.formatQuery);
  for (const [name, value] of Object.entries(item.params ?? {})) {
    query.set(name, value);
  }
  return url;
}

/** Sends one piece of evidence and prints what the backend stored. */
export async function uploadEvidence(
  item: UploadItem,
  settings: UploadSettings,
  io: CliIo,
): Promise<void> {
  const token = await bearerToken(
    settings.credential,
    { policy: settings.send.policy, userAgent: settings.userAgent },
    io,
  );
  const url = uploadUrl(item, settings);
  const answer = await sendWithRetries(
    {
      method: item.kind.method,
      url,
      headers: {
        'content-type': item.format.contentType,
        accept: 'application/json',
        'user-agent': settings.userAgent,
        authorization: `Bearer ${token}`,
      },
      body: item.body,
    },
    io,
    {
      ...settings.send,
      label: item.label,
      redirectHint: backendRedirectHint(url),
    },
  );
  io.stdout.write(
    settings.json
      ? `${answer.text.trim()}\n`
      : `${describeAnswer(
          item.kind.kind,
          settings.target.entityRef,
          answer.status,
          answer.text,
        )}\n`,
  );
}
