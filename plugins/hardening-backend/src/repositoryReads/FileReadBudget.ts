import { ReadRefusal, refuse } from './readRefusal';

/**
 * How many repository files one request (or one entity of the refresh task) may read:
 * each distinct URL it asks for counts, also when the answer comes from the cache, so the
 * same request always gets the same answer. Files are counted in the order they are
 * asked for; `take` is called before the read is awaited.
 */
export class FileReadBudget {
  readonly #urls = new Set<string>();

  constructor(readonly max: number) {}

  /** Counts the URL; a refusal once `max` other files were counted. */
  take(url: string): ReadRefusal | undefined {
    if (this.#urls.has(url)) return undefined;
    if (this.#urls.size >= this.max) {
      return refuse(
        'too-many-files',
        `${url} was not read: one request reads at most ${this.max} repository files (hardening.repositoryReads.maxFilesPerRequest); raise the limit or name fewer files`,
      );
    }
    this.#urls.add(url);
    return undefined;
  }
}
