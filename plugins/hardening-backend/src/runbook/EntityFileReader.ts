import {
  UrlReaderService,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { RepositoryReadRule } from '@hardening/backstage-plugin-hardening-common';
import { FileReadBudget } from '../repositoryReads/FileReadBudget';
import { refuse } from '../repositoryReads/readRefusal';
import {
  DEFAULT_REPOSITORY_READ_POLICY,
  RepositoryReadPolicy,
} from '../repositoryReads/repositoryReadSettings';
import { resolveRepositoryFile } from '../repositoryReads/resolveRepositoryFile';

/** How long a file read from a repository is reused. */
export const DEFAULT_FILE_CACHE_TTL_MS = 60_000;

/** Most files remembered. */
const MAX_CACHED_FILES = 500;

export type FileRead =
  | { text: string }
  | { error: string; refusedBy?: RepositoryReadRule };

/** A file an annotation names, as read: its URL once it resolved. */
export type EntityFileRead =
  | { text: string; url: string }
  | { error: string; refusedBy?: RepositoryReadRule; url?: string };

/** The most bytes read of a file, and the setting that says so (for the refusal). */
export type ByteLimit = { bytes: number; setting: string };

/** Reads at most `limit` bytes of the response's stream; undefined when there are more. */
async function readAtMost(
  response: UrlReaderServiceReadUrlResponse,
  limit: number,
  abort: AbortController,
): Promise<Buffer | undefined> {
  if (!response.stream) {
    // Readers without a stream hold the whole file anyway.
    const buffer = await response.buffer();
    return buffer.length > limit ? undefined : buffer;
  }
  const stream = response.stream();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += bytes.length;
      if (size > limit) {
        abort.abort();
        return undefined;
      }
      chunks.push(bytes);
    }
  } finally {
    // Leaving the loop early stops the stream; destroy it in every case.
    stream.destroy();
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads text files (runbooks, defect templates) from entities' repositories through the
 * backend's URL reader. The path an annotation names is resolved under the folder of
 * the entity's catalog file and checked against `hardening.repositoryReads`
 * ({@link resolveRepositoryFile}); a request's {@link FileReadBudget} caps the files it
 * reads; a file is streamed and reading stops at the byte limit. Each answer (also a
 * failure) is remembered for a short time so that queues and runbook pages do not read
 * the same file on every request.
 */
export class EntityFileReader {
  /** Answers by limit and URL, also while they are being read (one read at a time). */
  private readonly cache = new Map<
    string,
    { at: number; read: Promise<FileRead> }
  >();

  readonly policy: RepositoryReadPolicy;

  constructor(
    private readonly options: {
      urlReader?: UrlReaderService;
      now?: () => number;
      ttlMs?: number;
      /** `hardening.repositoryReads`; the defaults when absent. */
      policy?: RepositoryReadPolicy;
    },
  ) {
    this.policy = options.policy ?? DEFAULT_REPOSITORY_READ_POLICY;
  }

  /** A fresh file budget for one request (`hardening.repositoryReads.maxFilesPerRequest`). */
  budget(): FileReadBudget {
    return new FileReadBudget(this.policy.maxFilesPerRequest);
  }

  /**
   * Reads the file an annotation of the entity names, unless a rule refuses it. The path
   * is resolved and the budget taken before anything is awaited, so files count in the
   * order they are asked for.
   */
  async readEntityFile(
    entity: Entity,
    path: string,
    options: { limit: ByteLimit; budget: FileReadBudget },
  ): Promise<EntityFileRead> {
    const resolved = resolveRepositoryFile(entity, path, this.policy);
    if ('error' in resolved) return resolved;
    const { url } = resolved;
    const refused = options.budget.take(url);
    if (refused) return { ...refused, url };
    return { ...(await this.read(url, options.limit)), url };
  }

  /**
   * Reads a URL the caller resolved and checked itself (a repository's CODEOWNERS),
   * counted in the budget, through the same cache and byte limit.
   */
  async readUrl(
    url: string,
    options: { limit: ByteLimit; budget: FileReadBudget },
  ): Promise<FileRead> {
    const refused = options.budget.take(url);
    if (refused) return refused;
    return this.read(url, options.limit);
  }

  private read(url: string, limit: ByteLimit): Promise<FileRead> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? DEFAULT_FILE_CACHE_TTL_MS;
    const key = `${limit.bytes} ${url}`;
    const cached = this.cache.get(key);
    if (cached && now - cached.at < ttl) return cached.read;

    const read = this.fetch(url, limit);
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED_FILES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { at: now, read });
    return read;
  }

  private async fetch(url: string, limit: ByteLimit): Promise<FileRead> {
    const { urlReader } = this.options;
    if (!urlReader) {
      return { error: 'this backend has no URL reader to read repositories' };
    }
    const abort = new AbortController();
    try {
      const response = await urlReader.readUrl(url, { signal: abort.signal });
      const buffer = await readAtMost(response, limit.bytes, abort);
      if (!buffer) {
        return refuse(
          'file-too-large',
          `${url} is larger than ${limit.bytes} bytes (${limit.setting}); reading stopped there: make the file smaller`,
        );
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
      } catch {
        return { error: `${url} is not UTF-8 text` };
      }
      return { text };
    } catch (error) {
      if (isError(error) && error.name === 'NotFoundError') {
        return { error: `${url} was not found` };
      }
      return {
        error: `${url} could not be read: ${
          isError(error) ? error.message : String(error)
        }`,
      };
    }
  }
}
