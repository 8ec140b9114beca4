import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';

/** How long a file read from a repository is reused. */
export const DEFAULT_FILE_CACHE_TTL_MS = 60_000;

/** Most files remembered. */
const MAX_CACHED_FILES = 500;

export type FileRead = { text: string } | { error: string };

/**
 * Reads text files (runbooks, defect templates) from entities' repositories through the
 * backend's URL reader, with a size cap, and remembers each answer (also failures) for a
 * short time so that queues and runbook pages do not read the same file on every request.
 */
export class EntityFileReader {
  private readonly cache = new Map<string, { at: number; read: FileRead }>();

  constructor(
    private readonly options: {
      urlReader?: UrlReaderService;
      now?: () => number;
      ttlMs?: number;
    },
  ) {}

  async read(url: string, maxBytes: number): Promise<FileRead> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? DEFAULT_FILE_CACHE_TTL_MS;
    const cached = this.cache.get(url);
    if (cached && now - cached.at < ttl) return cached.read;

    const read = await this.fetch(url, maxBytes);
    this.cache.delete(url);
    if (this.cache.size >= MAX_CACHED_FILES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(url, { at: now, read });
    return read;
  }

  private async fetch(url: string, maxBytes: number): Promise<FileRead> {
    const { urlReader } = this.options;
    if (!urlReader) {
      return { error: 'this backend has no URL reader to read repositories' };
    }
    try {
      const response = await urlReader.readUrl(url);
      const buffer = await response.buffer();
      if (buffer.length > maxBytes) {
        return {
          error: `${url} is larger than ${maxBytes} bytes`,
        };
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
