import { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  canTransitionTriageStatus,
  DefectDraft,
  DefectTemplateSource,
  INVARIANT_TAXONOMY,
  SCENARIO_TAXONOMY,
  StoredTriageFailure,
  TAXONOMY_LABELS,
  TRIAGE_STATUS_LABELS,
  TriageClass,
  TriageFailureDetail,
  TriageFailureState,
  TriageQueueItem,
  TriageQueueResponse,
  TriageStateChangeResponse,
  TriageTaxonomyTag,
} from '@hardening/backstage-plugin-hardening-common';
import {
  TriageGroupRecord,
  TriageStateChange,
  TriageWorkflowStore,
} from '../database/TriageWorkflowStore';
import { ownerOf, refOf } from '../catalog';
import { TestOwnership } from '../codeowners/TestOwnership';
import { FileReadBudget } from '../repositoryReads/FileReadBudget';
import { EntityFileReader } from '../runbook/EntityFileReader';
import { RunbookService, SectionTarget } from '../runbook/RunbookService';
import {
  defectFields,
  DEFAULT_DEFECT_TEMPLATE,
  renderTemplate,
} from './defectTemplate';
import { DEFECT_TEMPLATE_ANNOTATION, entitySourceUrl } from './entitySource';
import { suggestTriageClass } from './suggestTriageClass';
import { escalateFailures } from './triageEscalation';
import { routeFailure } from './triageRouting';
import { TriageSettings } from './triageSettings';
import { newIssueLink, TrackerHosts } from './trackerLink';

/** Most failures a queue answers with. */
export const MAX_QUEUE_LIMIT = 1000;

/** Largest defect template read from a repository. */
const TEMPLATE_LIMIT = {
  bytes: 64 * 1024,
  setting: 'the 64 KiB limit of defect templates',
};

/** The label a triage failure names its test file in (as JUnit `file` / CTRF `filePath`). */
export const TEST_FILE_LABEL = 'file';

/** The failing test's file, when the failure names one. */
const testFileOf = (failure: { labels?: Record<string, string> }) =>
  failure.labels?.[TEST_FILE_LABEL]?.trim() || undefined;

const label = (status: TriageFailureState['status']) =>
  TRIAGE_STATUS_LABELS[status].toLocaleLowerCase('en-US');

/**
 * The triage workflow over the stores: queues with suggestions, owners, escalation and
 * runbook sections; state changes by people; defects ready to file.
 */
export class TriageService {
  constructor(
    private readonly options: {
      workflow: TriageWorkflowStore;
      runbooks: RunbookService;
      files: EntityFileReader;
      settings: TriageSettings;
      trackerHosts?: TrackerHosts;
      clock: () => Date;
      /** Owners of failing tests from the stored CODEOWNERS; absent: no `owners` field. */
      ownership?: TestOwnership;
    },
  ) {}

  private taxonomyTag(
    prefix: string | undefined,
    builtIn: readonly string[],
    configured: readonly string[] | undefined,
  ): TriageTaxonomyTag | undefined {
    if (!prefix) return undefined;
    const known = builtIn.includes(prefix) || !!configured?.includes(prefix);
    const labels: Record<string, string> = {
      ...TAXONOMY_LABELS,
      ...this.options.settings.taxonomy.labels,
    };
    return {
      prefix,
      ...(labels[prefix] ? { label: labels[prefix] } : {}),
      known,
    };
  }

  /**
   * Queue items of group records, judged at one time. The runbook sections come from
   * the annotated files of the entities, most recently failing first, as far as one
   * request's file budget reaches.
   */
  private async toItems(
    records: TriageGroupRecord[],
    entities: ReadonlyMap<string, Entity>,
  ): Promise<TriageQueueItem[]> {
    const { settings, clock } = this.options;
    const now = clock();
    const involved = [...new Set(records.map(r => r.entityRef))]
      .map(ref => entities.get(ref))
      .filter((e): e is Entity => Boolean(e));
    const withTestFile = new Set(
      records.filter(r => testFileOf(r.latest)).map(r => r.entityRef),
    );
    const [sections, ownersOf] = await Promise.all([
      this.options.runbooks.sectionTargets(
        involved,
        this.options.files.budget(),
      ),
      // Only entities with a failure naming its test file: no query otherwise.
      this.options.ownership?.forEntities(
        involved.filter(e => withTestFile.has(refOf(e))),
      ),
    ]);
    const escalations = escalateFailures(
      records.map(r => ({
        entityRef: r.entityRef,
        invariantId: r.latest.invariantId,
        scenarioPrefix: r.latest.scenarioPrefix,
        firstSeen: r.firstSeen,
        state: r.state,
      })),
      { now, escalateAfterHours: settings.escalateAfterHours },
    );
    return records.map((record, i) => {
      const { latest, state } = record;
      const entity = entities.get(record.entityRef);
      const suggestion = suggestTriageClass(
        { ...latest, flaky: record.flaky },
        settings.rules,
      );
      const scenario = this.taxonomyTag(
        latest.scenarioPrefix,
        SCENARIO_TAXONOMY,
        settings.taxonomy.scenarioPrefixes,
      );
      const invariant = this.taxonomyTag(
        latest.invariantPrefix,
        INVARIANT_TAXONOMY,
        settings.taxonomy.invariantPrefixes,
      );
      const section =
        latest.scenarioPrefix &&
        sections.get(record.entityRef)?.get(latest.scenarioPrefix);
      const item: TriageQueueItem = {
        entityRef: record.entityRef,
        failureId: latest.id,
        fingerprint: record.fingerprint,
        keyEntityIds: latest.keyEntityIds,
        evidence: latest.evidence,
        firstSeen: record.firstSeen,
        lastSeen: record.lastSeen,
        occurrences: record.occurrences,
        reports: record.reports,
        diagnosticsDefect: latest.diagnosticsDefect,
        unknownTaxonomy: latest.unknownTaxonomy,
        state,
        routing: routeFailure({
          classified: state.class,
          suggested: suggestion?.class,
          routing: settings.routing,
          entityRef: record.entityRef,
          ownerRef: entity && ownerOf(entity),
        }),
        escalation: escalations[i],
      };
      const optional: Partial<TriageQueueItem> = {
        scenarioId: latest.scenarioId,
        invariantId: latest.invariantId,
        scenario,
        invariant,
        organizationUnderTest: latest.organizationUnderTest,
        title: latest.title,
        symptom: latest.symptom,
        message: latest.message,
        commit: latest.commit,
        ciRunUrl: record.runUrl,
        uploader: record.uploader,
        diagnosticsReason: latest.diagnosticsReason,
        suggestion,
        runbookSection: section ? section.link : undefined,
        owners:
          entity && ownersOf && testFileOf(latest)
            ? ownersOf(entity, testFileOf(latest)!)
            : undefined,
      };
      for (const [key, value] of Object.entries(optional)) {
        if (value !== undefined) {
          (item as Record<string, unknown>)[key] = value;
        }
      }
      return item;
    });
  }

  /** The open, classified and defect-filed failures of the entities, in one query. */
  async queue(
    entities: readonly Entity[],
    limit: number,
  ): Promise<TriageQueueResponse> {
    const byRef = new Map(entities.map(e => [refOf(e), e]));
    const records = await this.options.workflow.groups([...byRef.keys()], {
      limit,
      activeOnly: true,
    });
    return {
      items: await this.toItems(records, byRef),
      entityRefs: [...byRef.keys()],
      evaluatedAt: this.options.clock().toISOString(),
      escalateAfterHours: this.options.settings.escalateAfterHours,
    };
  }

  private async occurrence(
    entityRef: string,
    failureId: string,
  ): Promise<{ failure: StoredTriageFailure; runUrl?: string }> {
    const found = await this.options.workflow.getFailure(entityRef, failureId);
    if (!found) {
      throw new NotFoundError(
        `${entityRef} has no triage failure ${failureId}`,
      );
    }
    return found;
  }

  private async failure(
    entityRef: string,
    failureId: string,
  ): Promise<StoredTriageFailure> {
    return (await this.occurrence(entityRef, failureId)).failure;
  }

  /** The queue entry of one failure (open or not) among the entity's active ones. */
  private async itemOf(entity: Entity, fingerprint: string) {
    const ref = refOf(entity);
    const { workflow } = this.options;
    const active = await workflow.groups([ref], {
      limit: MAX_QUEUE_LIMIT,
      activeOnly: true,
    });
    const own =
      active.find(r => r.fingerprint === fingerprint) ??
      (
        await workflow.groups([ref], {
          limit: 1,
          activeOnly: false,
          fingerprint,
        })
      )[0];
    const records = active.includes(own) ? active : [own, ...active];
    const items = await this.toItems(records, new Map([[ref, entity]]));
    return items[records.indexOf(own)];
  }

  /** One failure with its queue entry and state history. */
  async detail(
    entity: Entity,
    failureId: string,
  ): Promise<TriageFailureDetail> {
    const ref = refOf(entity);
    const failure = await this.failure(ref, failureId);
    const item = await this.itemOf(entity, failure.fingerprint);
    return {
      item,
      failure,
      history: await this.options.workflow.history(ref, failure.fingerprint),
    };
  }

  /**
   * Changes the state of a failure's fingerprint: `decide` gets the current state and
   * returns the change (or throws a ConflictError); the time, author and note are added.
   */
  private async change(
    entityRef: string,
    failureId: string,
    by: string,
    note: string | undefined,
    decide: (
      current: TriageFailureState,
    ) => Omit<TriageStateChange, 'at' | 'by' | 'note'>,
  ): Promise<TriageStateChangeResponse> {
    const failure = await this.failure(entityRef, failureId);
    return this.options.workflow.changeState(
      entityRef,
      failure.fingerprint,
      current => ({
        ...decide(current),
        note: note || undefined,
        at: this.options.clock(),
        by,
      }),
    );
  }

  /** Classifies a failure: open → classified; a classified one gets its new class. */
  async classify(
    entityRef: string,
    failureId: string,
    request: { class: TriageClass; note?: string },
    by: string,
  ): Promise<TriageStateChangeResponse> {
    return this.change(entityRef, failureId, by, request.note, current => {
      if (current.status === 'fixed' || current.status === 'wont-fix') {
        throw new ConflictError(
          `Failure ${failureId} is ${label(
            current.status,
          )}: reopen it before classifying it again`,
        );
      }
      return {
        to: current.status === 'open' ? 'classified' : current.status,
        class: request.class,
      };
    });
  }

  /** Closes (fixed, won't fix) or reopens a failure along the lifecycle. */
  async changeStatus(
    entityRef: string,
    failureId: string,
    request: { to: 'fixed' | 'wont-fix' | 'open'; note?: string },
    by: string,
  ): Promise<TriageStateChangeResponse> {
    return this.change(entityRef, failureId, by, request.note, current => {
      if (!canTransitionTriageStatus(current.status, request.to)) {
        const hint = current.status === 'open' ? ': classify it first' : '';
        throw new ConflictError(
          `Failure ${failureId} is ${label(
            current.status,
          )} and cannot become ${label(request.to)}${hint}`,
        );
      }
      return { to: request.to };
    });
  }

  /** Records the issue a classified failure's defect was filed as. */
  async linkDefect(
    entityRef: string,
    failureId: string,
    request: { url: string; note?: string },
    by: string,
  ): Promise<TriageStateChangeResponse> {
    return this.change(entityRef, failureId, by, request.note, current => {
      if (!canTransitionTriageStatus(current.status, 'defect-filed')) {
        const hint =
          current.status === 'open'
            ? ': classify it first'
            : ': reopen it first';
        throw new ConflictError(
          `Failure ${failureId} is ${label(
            current.status,
          )}; a defect cannot be recorded${hint}`,
        );
      }
      return { to: 'defect-filed', defectUrl: request.url };
    });
  }

  /**
   * The template for an entity's defects: its annotation, its owner's, or the default.
   * A template the annotation names that cannot be read (or that a rule refuses) falls
   * back, with a warning naming the reason and the rule.
   */
  private async template(
    entity: Entity,
    budget: FileReadBudget,
  ): Promise<{ text: string; source: DefectTemplateSource }> {
    const { settings, files } = this.options;
    const path = entity.metadata.annotations?.[DEFECT_TEMPLATE_ANNOTATION];
    let failed: Pick<DefectTemplateSource, 'warning' | 'refusedBy'> = {};
    if (path) {
      const read = await files.readEntityFile(entity, path, {
        limit: TEMPLATE_LIMIT,
        budget,
      });
      if ('text' in read) {
        return {
          text: read.text,
          source: { kind: 'annotation', ref: read.url },
        };
      }
      failed = {
        warning: `${DEFECT_TEMPLATE_ANNOTATION} was not used: ${read.error}`,
        ...(read.refusedBy ? { refusedBy: read.refusedBy } : {}),
      };
    }
    const owner = ownerOf(entity);
    const configured = owner && settings.defectTemplates[owner];
    const source: DefectTemplateSource = configured
      ? { kind: 'config', ref: owner }
      : { kind: 'default' };
    return {
      text: configured || DEFAULT_DEFECT_TEMPLATE,
      source: { ...source, ...failed },
    };
  }

  /**
   * The defect for a failure, as Markdown and as a prefilled new issue. The template is
   * read first, then the runbooks for the section link, within one file budget.
   */
  async defect(entity: Entity, failureId: string): Promise<DefectDraft> {
    const ref = refOf(entity);
    const { failure, runUrl } = await this.occurrence(ref, failureId);
    const budget = this.options.files.budget();
    const [template, sections] = await Promise.all([
      this.template(entity, budget),
      this.options.runbooks.sectionTargets([entity], budget),
    ]);
    const section: SectionTarget | undefined = failure.scenarioPrefix
      ? sections.get(ref)?.get(failure.scenarioPrefix)
      : undefined;
    const fields = defectFields({
      entityRef: ref,
      failure,
      runUrl,
      reproCommand: this.options.settings.reproCommand,
      runbook: section,
    });
    const markdown = renderTemplate(template.text, fields);
    const newIssue = newIssueLink(
      entitySourceUrl(entity),
      { title: fields.title, body: markdown },
      { hosts: this.options.trackerHosts },
    );
    return {
      title: fields.title,
      markdown,
      fields,
      template: template.source,
      ...(newIssue ? { newIssue } : {}),
    };
  }
}
