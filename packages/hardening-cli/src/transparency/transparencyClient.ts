import {
  ConsistencyProof,
  consistencyProofSchema,
  CosignatureUploadResult,
  cosignatureUploadResultSchema,
  formatIssuePath,
  InclusionProof,
  inclusionProofSchema,
  MAX_NOTE_BYTES,
} from '@hardening/backstage-plugin-hardening-common';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { bearerToken } from '../auth/credentialSource';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { backendRedirectHint } from '../upload/backendRedirectHint';
import { sendWithRetries } from '../upload/sendWithRetries';
import { BackendConnection } from '../upload/uploadEvidence';

/** Proofs and upload results are small JSON documents. */
const MAX_JSON_BYTES = 64 * 1024;

function unexpected(what: string, problem: string): CliError {
  return new CliError(
    `the backend's answer to ${what} is not what the API defines: ${problem}`,
    EXIT.UNAVAILABLE,
  );
}

/**
 * The transparency log routes of one entity (`…/audit-chain/checkpoint`, `…/proof/…`,
 * `…/checkpoint/cosignatures`), sent as uploads are (retries, no redirects) with one
 * bearer token, asked for on the first request.
 */
export class TransparencyClient {
  #token: Promise<string> | undefined;

  constructor(
    private readonly connection: BackendConnection,
    private readonly io: CliIo,
  ) {}

  /**
   * The connection with the bearer token this client sends, for other requests of the
   * same command (a GitHub Actions ID token is asked for once).
   */
  async withToken(): Promise<BackendConnection> {
    return {
      ...this.connection,
      credential: { kind: 'static', token: await this.token() },
    };
  }

  private token(): Promise<string> {
    this.#token ??= bearerToken(
      this.connection.credential,
      {
        policy: this.connection.policy,
        userAgent: this.connection.userAgent,
      },
      this.io,
    );
    return this.#token;
  }

  private url(path: string, query: Record<string, number> = {}): URL {
    const url = new URL(this.connection.target.entityUrl.toString());
    url.pathname = `${url.pathname}/audit-chain/${path}`;
    for (const [name, value] of Object.entries(query)) {
      url.searchParams.set(name, String(value));
    }
    return url;
  }

  private async send(
    method: 'GET' | 'POST',
    url: URL,
    accept: string,
    maxAnswerBytes: number,
    body?: string,
  ) {
    const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const answer = await sendWithRetries(
      {
        method,
        url,
        headers: {
          accept,
          'user-agent': this.connection.userAgent,
          authorization: `Bearer ${await this.token()}`,
          ...(bytes ? { 'content-type': 'text/plain; charset=utf-8' } : {}),
        },
        body: bytes
          ? { size: bytes.length, open: () => Readable.from([bytes]) }
          : undefined,
      },
      this.io,
      {
        policy: this.connection.policy,
        idleTimeoutMs: this.connection.idleTimeoutMs,
        progress: 'never',
        label: url.pathname.slice(url.pathname.indexOf('/audit-chain')),
        redirectHint: backendRedirectHint(url),
        maxAnswerBytes,
      },
    );
    if (answer.truncated) {
      throw unexpected(
        `${method} …${url.pathname.slice(
          url.pathname.indexOf('/audit-chain'),
        )}`,
        `it is larger than ${maxAnswerBytes} bytes`,
      );
    }
    return answer.text;
  }

  private async json<T>(
    schema: z.ZodType<T>,
    method: 'GET' | 'POST',
    url: URL,
    body?: string,
  ): Promise<T> {
    const what = `${method} …${url.pathname.slice(
      url.pathname.indexOf('/audit-chain'),
    )}`;
    const text = await this.send(
      method,
      url,
      'application/json',
      MAX_JSON_BYTES,
      body,
    );
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw unexpected(what, `not JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw unexpected(
        what,
        `${formatIssuePath(issue.path)}: ${issue.message}`,
      );
    }
    return parsed.data;
  }

  /** The signed checkpoint note of the entity's latest tree, as served. */
  checkpoint(): Promise<string> {
    return this.send(
      'GET',
      this.url('checkpoint'),
      'text/plain',
      MAX_NOTE_BYTES + 1024,
    );
  }

  inclusionProof(seq: number, treeSize: number): Promise<InclusionProof> {
    return this.json(
      inclusionProofSchema,
      'GET',
      this.url('proof/inclusion', { seq, treeSize }),
    );
  }

  consistencyProof(from: number, to: number): Promise<ConsistencyProof> {
    return this.json(
      consistencyProofSchema,
      'GET',
      this.url('proof/consistency', { from, to }),
    );
  }

  /** Sends a checkpoint note with cosignature lines; what the backend stored. */
  postCosignatures(note: string): Promise<CosignatureUploadResult> {
    return this.json(
      cosignatureUploadResultSchema,
      'POST',
      this.url('checkpoint/cosignatures'),
      note,
    );
  }
}
