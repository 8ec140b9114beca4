import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  RepositoryReadRule,
  Runbook,
  RunbookSectionLink,
  RunbookSource,
  RunbookSummary,
  SCENARIO_TAXONOMY,
} from '@hardening/backstage-plugin-hardening-common';
import {
  RecordedRunbookFile,
  RunbookFileStore,
} from '../database/RunbookFileStore';
import { RunbookStore, UploadedRunbook } from '../database/RunbookStore';
import { FileReadBudget } from '../repositoryReads/FileReadBudget';
import { annotationPaths, RUNBOOKS_ANNOTATION } from '../triage/entitySource';
import { refOf } from '../catalog';
import { TriageSettings } from '../triage/triageSettings';
import { sha256Hex } from '../ingest/auditChain/sha256Hex';
import { EntityFileReader } from './EntityFileReader';
import { RunbookFileRecorder } from './runbookFileRecorder';
import { ParsedRunbook, parseRunbook } from './parseRunbook';
import { runbookStaleness } from './runbookDates';

/** Most runbooks one annotation may name. */
export const MAX_ANNOTATED_RUNBOOKS = 20;

/** Longest runbook id (`runbookIdSchema`, `runbook_files.runbook_id`). */
const MAX_RUNBOOK_ID_LENGTH = 64;

/** A runbook as listed: its summary, and its content unless it could not be read. */
export type LoadedRunbook = { summary: RunbookSummary; runbook?: Runbook };

/** Where a failure's scenario prefix is covered, with a link into the repository file. */
export type SectionTarget = { link: RunbookSectionLink; url?: string };

/** What refreshing an entity's annotated runbooks found. */
export type RunbookRefreshOutcome = {
  /** Annotated runbooks read. */
  runbooks: number;
  /** Of those, the ones that could not be resolved or read. */
  unreadable: number;
  /** Of those, the ones a rule refused to read, with the rule and why. */
  refused: { path: string; refusedBy: RepositoryReadRule; error: string }[];
  /** Whether the stored rows changed. */
  changed: boolean;
};

/** An annotated runbook as read: what is served, and what is recorded of it. */
type AnnotatedRead = { loaded: LoadedRunbook; recorded: RecordedRunbookFile };

/** Ids of annotated paths: file names, `-2`, `-3`… for repeated ones, 64 characters at most. */
function annotatedIds(paths: readonly string[]): string[] {
  const used = new Set<string>();
  return paths.map(path => {
    const base = runbookIdFromPath(path);
    let id = base;
    for (let n = 2; used.has(id); n += 1) {
      const suffix = `-${n}`;
      id = `${base.slice(0, MAX_RUNBOOK_ID_LENGTH - suffix.length)}${suffix}`;
    }
    used.add(id);
    return id;
  });
}

/**
 * The id a runbook named by path gets: its file name without extension, lower-cased,
 * other characters turned into `-` (`docs/Triage Runbook.md` → `triage-runbook`).
 */
export function runbookIdFromPath(path: string): string {
  const file = path.split('/').pop() ?? path;
  const id = file
    .replace(/\.(?:md|markdown|mdx|txt)$/i, '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_RUNBOOK_ID_LENGTH);
  return id || 'runbook';
}

/**
 * The runbooks of entities: the files their `hardening.io/runbooks` annotation names
 * (read through the URL reader) and the ones uploaded through the API. An upload with the
 * id of an annotated file takes its place. Each is parsed on read and judged stale
 * against the injected clock.
 *
 * When an entity's runbook view has read all its annotated runbooks, their review facts
 * are recorded in `recorded` (see {@link RunbookFileRecorder}); recording never fails a
 * read.
 */
export class RunbookService {
  readonly #recorder?: RunbookFileRecorder;

  constructor(
    private readonly options: {
      store: RunbookStore;
      files: EntityFileReader;
      settings: TriageSettings;
      clock: () => Date;
      /** Where the review facts of annotated runbooks are recorded. */
      recorded?: RunbookFileStore;
      logger?: LoggerService;
    },
  ) {
    if (options.recorded) {
      this.#recorder = new RunbookFileRecorder(options.recorded, options.clock);
    }
  }

  /** The scenario prefixes runbook sections are looked up for. */
  prefixes(): string[] {
    return [
      ...SCENARIO_TAXONOMY,
      ...(this.options.settings.taxonomy.scenarioPrefixes ?? []),
    ];
  }

  private build(
    id: string,
    source: RunbookSource,
    parsed: ParsedRunbook,
  ): LoadedRunbook {
    const { markdown: body, title, ...content } = parsed;
    const staleness = runbookStaleness(
      parsed,
      this.options.clock(),
      this.options.settings.runbooks.staleAfterDays,
    );
    const summary: RunbookSummary = {
      id,
      title: title ?? id,
      source,
      ...(parsed.lastUpdated ? { lastUpdated: parsed.lastUpdated } : {}),
      ...(parsed.nextReview ? { nextReview: parsed.nextReview } : {}),
      ...staleness,
    };
    return { summary, runbook: { ...summary, ...content, markdown: body } };
  }

  fromUpload(upload: UploadedRunbook): LoadedRunbook {
    return this.build(
      upload.runbookId,
      {
        kind: 'upload',
        uploadedAt: upload.uploadedAt,
        uploadedBy: upload.uploadedBy,
        digest: upload.digest,
      },
      parseRunbook(upload.markdown, this.prefixes()),
    );
  }

  /**
   * Reads and parses every runbook the entity's annotation names, in order, each within
   * `hardening.runbooks.maxUploadBytes` and counted in the request's budget.
   */
  private async readAnnotated(
    entity: Entity,
    budget: FileReadBudget,
  ): Promise<AnnotatedRead[]> {
    const paths = annotationPaths(entity, RUNBOOKS_ANNOTATION).slice(
      0,
      MAX_ANNOTATED_RUNBOOKS,
    );
    const ids = annotatedIds(paths);
    const limit = {
      bytes: this.options.settings.runbooks.maxUploadBytes,
      setting: 'hardening.runbooks.maxUploadBytes',
    };
    return Promise.all(
      paths.map(async (path, i): Promise<AnnotatedRead> => {
        const read = await this.options.files.readEntityFile(entity, path, {
          limit,
          budget,
        });
        const url = read.url ?? '';
        if ('error' in read) {
          return {
            loaded: {
              summary: {
                id: ids[i],
                title: path,
                source: { kind: 'url', url, path },
                stale: false,
                error: read.error,
                ...(read.refusedBy ? { refusedBy: read.refusedBy } : {}),
              },
            },
            recorded: {
              runbookId: ids[i],
              path,
              url,
              digest: null,
              title: null,
              lastUpdated: null,
              nextReview: null,
              error: read.error,
            },
          };
        }
        const parsed = parseRunbook(read.text, this.prefixes());
        return {
          loaded: this.build(ids[i], { kind: 'url', url, path }, parsed),
          recorded: {
            runbookId: ids[i],
            path,
            url,
            digest: sha256Hex(read.text),
            title: parsed.title ?? null,
            lastUpdated: parsed.lastUpdated ?? null,
            nextReview: parsed.nextReview ?? null,
            error: null,
          },
        };
      }),
    );
  }

  /** The annotated runbooks, recorded on the way (a failure to record is only logged). */
  private async fromAnnotation(
    entity: Entity,
    budget: FileReadBudget,
  ): Promise<LoadedRunbook[]> {
    const reads = await this.readAnnotated(entity, budget);
    try {
      await this.#recorder?.record(
        entity,
        reads.map(r => r.recorded),
      );
    } catch (error) {
      this.options.logger?.warn(
        `Could not record the runbook files of ${refOf(entity)}: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
    return reads.map(r => r.loaded);
  }

  /**
   * Reads the entity's annotated runbooks (through the cached reader, with a budget of
   * its own) and records them even if this process recorded the same ones before. A
   * failure to record throws.
   */
  async refresh(entity: Entity): Promise<RunbookRefreshOutcome> {
    const reads = await this.readAnnotated(entity, this.options.files.budget());
    const files = reads.map(r => r.recorded);
    return {
      runbooks: files.length,
      unreadable: files.filter(f => f.error !== null).length,
      refused: reads.flatMap(({ loaded: { summary }, recorded }) =>
        summary.refusedBy
          ? [
              {
                path: recorded.path,
                refusedBy: summary.refusedBy,
                error: recorded.error ?? '',
              },
            ]
          : [],
      ),
      changed:
        (await this.#recorder?.record(entity, files, { force: true })) ?? false,
    };
  }

  /**
   * Every runbook of an entity: annotated files first (in order), then uploads. One call
   * is one request: it reads at most `hardening.repositoryReads.maxFilesPerRequest` files.
   */
  async list(entity: Entity): Promise<LoadedRunbook[]> {
    const [annotated, uploads] = await Promise.all([
      this.fromAnnotation(entity, this.options.files.budget()),
      this.options.store.listUploads([refOf(entity)]),
    ]);
    return this.merge(annotated, uploads);
  }

  private merge(
    annotated: LoadedRunbook[],
    uploads: UploadedRunbook[],
  ): LoadedRunbook[] {
    const uploaded = uploads.map(u => this.fromUpload(u));
    const replaced = new Set(uploaded.map(u => u.summary.id));
    return [...annotated.filter(a => !replaced.has(a.summary.id)), ...uploaded];
  }

  /** Stores an uploaded runbook (see RunbookStore.saveUpload) and parses it. */
  async upload(input: {
    entityRef: string;
    runbookId: string;
    markdown: string;
    digest: string;
    sizeBytes: number;
    uploadedBy: string;
  }): Promise<{ created: boolean; changed: boolean; runbook: Runbook }> {
    const saved = await this.options.store.saveUpload({
      ...input,
      uploadedAt: this.options.clock(),
    });
    return {
      created: saved.created,
      changed: saved.changed,
      runbook: this.fromUpload(saved.runbook).runbook!,
    };
  }

  async get(entity: Entity, id: string): Promise<LoadedRunbook | undefined> {
    const upload = await this.options.store.getUpload(refOf(entity), id);
    if (upload) return this.fromUpload(upload);
    return (
      await this.fromAnnotation(entity, this.options.files.budget())
    ).find(r => r.summary.id === id);
  }

  /**
   * For each entity, the first runbook section naming each scenario prefix (uploads of
   * all entities are read in one query; annotated files through the cached reader, all
   * of them within the request's `budget`, in the order of the entities).
   */
  async sectionTargets(
    entities: readonly Entity[],
    budget: FileReadBudget = this.options.files.budget(),
  ): Promise<Map<string, Map<string, SectionTarget>>> {
    const refs = entities.map(refOf);
    const uploads = await this.options.store.listUploads(refs);
    const result = new Map<string, Map<string, SectionTarget>>();
    await Promise.all(
      entities.map(async (entity, i) => {
        // Read, not recorded: a team view should not write for every entity in it
        // (the refresh task and the entity's own runbook views record them).
        const runbooks = this.merge(
          (await this.readAnnotated(entity, budget)).map(r => r.loaded),
          uploads.filter(u => u.entityRef === refs[i]),
        );
        const targets = new Map<string, SectionTarget>();
        for (const { runbook } of runbooks) {
          if (!runbook) continue;
          for (const [prefix, sectionId] of Object.entries(
            runbook.prefixSections,
          )) {
            if (targets.has(prefix)) continue;
            const heading = runbook.toc.find(h => h.id === sectionId);
            targets.set(prefix, {
              link: {
                runbookId: runbook.id,
                runbookTitle: runbook.title,
                sectionId,
                heading: heading?.text ?? sectionId,
              },
              ...(runbook.source.kind === 'url'
                ? { url: `${runbook.source.url}#${sectionId}` }
                : {}),
            });
          }
        }
        result.set(refs[i], targets);
      }),
    );
    return result;
  }
}
