import { ConflictError, InputError } from '@backstage/errors';
import {
  ChecklistEvidence,
  evaluateFreezeChecklist,
  failingChecklistItems,
  FreezeChecklist,
  FreezeEvidence,
  FreezeResponse,
  FreezeWitnessStatus,
  Milestone,
  milestoneTagName,
  MilestoneStatus,
  StoredMilestone,
} from '@hardening/backstage-plugin-hardening-common';
import {
  FreezeEvidenceNeeds,
  FreezeEvidenceReader,
} from '../database/DatabaseFreezeEvidenceReader';
import { MilestoneStore, SavedMilestone } from '../database/MilestoneStore';

/**
 * A freeze refused because the checklist is not green (HTTP 409); the failing items say
 * why.
 */
export class FreezeRefusedError extends ConflictError {
  constructor(message: string, readonly checklist: FreezeChecklist) {
    super(message);
  }
}

/** What the checklists of these milestones need to read. */
function needsOf(milestones: readonly Milestone[]): FreezeEvidenceNeeds {
  return {
    e2eTags: [...new Set(milestones.flatMap(m => m.thresholds.e2eTags))],
    tagNames: [...new Set(milestones.map(milestoneTagName))],
  };
}

/** Every piece of evidence of a checklist, once. */
function evidenceOf(checklist: FreezeChecklist): ChecklistEvidence[] {
  const seen = new Map<string, ChecklistEvidence>();
  for (const item of checklist.items) {
    for (const e of item.evidence) {
      seen.set(`${e.kind}/${e.reportId}`, e);
    }
  }
  return [...seen.values()];
}

function describeRefusal(milestone: Milestone, checklist: FreezeChecklist) {
  const failing = failingChecklistItems(checklist);
  return `Milestone ${milestone.id} cannot be frozen: ${failing.length} of ${
    checklist.items.length
  } checklist items are not green: ${failing
    .map(i => `${i.id}: ${i.reason}`)
    .join('; ')}`;
}

/** A milestone that regressed, with the checklist that showed it. */
export type RegressedMilestone = MilestoneStatus;

/**
 * Milestones with their checklists computed from stored evidence, freezing and
 * regression detection. Every entity-wide computation reads the evidence once for all
 * milestones.
 */
export class MilestoneService {
  constructor(
    private readonly options: {
      milestones: MilestoneStore;
      evidence: FreezeEvidenceReader;
      clock: () => Date;
      /**
       * The witnesses config requires for a freeze and what they cosigned (the
       * checklist's `witnesses` item); none when left out.
       */
      witnesses?: (
        entityRef: string,
      ) => Promise<FreezeWitnessStatus | undefined>;
    },
  ) {}

  /** The stored evidence of the entity's checklists, with the required witnesses. */
  private async readEvidence(
    entityRef: string,
    milestones: readonly Milestone[],
  ): Promise<FreezeEvidence> {
    const [found, witnesses] = await Promise.all([
      this.options.evidence.read(entityRef, needsOf(milestones)),
      this.options.witnesses?.(entityRef),
    ]);
    return witnesses ? { ...found, witnesses } : found;
  }

  async list(entityRef: string): Promise<MilestoneStatus[]> {
    const milestones = await this.options.milestones.listMilestones(entityRef);
    return this.withChecklists(entityRef, milestones);
  }

  async get(
    entityRef: string,
    milestoneId: string,
  ): Promise<MilestoneStatus | undefined> {
    const milestone = await this.options.milestones.getMilestone(
      entityRef,
      milestoneId,
    );
    if (!milestone) return undefined;
    const [status] = await this.withChecklists(entityRef, [milestone]);
    return status;
  }

  async save(
    entityRef: string,
    milestone: Milestone,
    by: string,
  ): Promise<SavedMilestone & { status: MilestoneStatus }> {
    const saved = await this.options.milestones.saveMilestone(
      entityRef,
      milestone,
      { at: this.options.clock(), by },
    );
    const [status] = await this.withChecklists(entityRef, [saved.milestone]);
    return { ...saved, status };
  }

  /**
   * Freezes a milestone after computing its checklist again, in the transaction that
   * records the freeze, on the evidence read there (see `MilestoneStore.freeze`): 404 when
   * there is no such milestone, 400 for a tag that is not the one the milestone expects,
   * 409 when it is already frozen (and not regressed) or when any item is not green.
   */
  async freeze(
    entityRef: string,
    milestoneId: string,
    options: { tag?: string; frozenBy: string; disabledTestsReason?: string },
  ): Promise<FreezeResponse> {
    const { milestones, clock } = this.options;
    const now = clock();
    let found: FreezeEvidence | undefined;
    const frozen = await milestones.freeze({
      entityRef,
      milestoneId,
      frozenAt: now,
      frozenBy: options.frozenBy,
      decide: async (milestone, evidence) => {
        const expectedTag = milestoneTagName(milestone);
        if (options.tag !== undefined && options.tag !== expectedTag) {
          throw new InputError(
            `Tag ${options.tag} is not the tag of milestone ${milestone.id}: its tag pattern ${milestone.tagPattern} expects ${expectedTag}`,
          );
        }
        found = await evidence.read(entityRef, needsOf([milestone]));
        const disabled = found.disabledE2eTests ?? [];
        if (disabled.length > 0 && !options.disabledTestsReason) {
          throw new ConflictError(
            `Milestone ${milestone.id} has ${
              disabled.length
            } disabled e2e test(s) (${disabled.slice(0, 5).join(', ')}${
              disabled.length > 5 ? ', …' : ''
            }): give disabledTestsReason to freeze it anyway`,
          );
        }
        // Judged as not frozen: a regressed milestone may be frozen again once green.
        const checklist = evaluateFreezeChecklist(
          { ...milestone, freeze: null, regression: null },
          found,
          now,
        );
        if (checklist.state !== 'ready') {
          throw new FreezeRefusedError(
            describeRefusal(milestone, checklist),
            checklist,
          );
        }
        const tagCommit = found.gitTags?.find(
          t => t.name === expectedTag,
        )?.commit;
        return {
          tag: expectedTag,
          ...(tagCommit ? { tagCommit } : {}),
          evidence: evidenceOf(checklist),
        };
      },
    });
    // The freeze guard checked the witnesses in the freeze's transaction; the checklist
    // answered shows them as they are now (the freeze entry grew the log).
    const witnesses = await this.options.witnesses?.(entityRef);
    return {
      milestone: frozen.milestone,
      checklist: evaluateFreezeChecklist(
        frozen.milestone,
        witnesses ? { ...found!, witnesses } : found!,
        now,
      ),
      freeze: frozen.freeze,
    };
  }

  /**
   * Evaluates the entity's frozen milestones against the stored evidence and marks those
   * whose checklist is no longer green as regressed. Returns the ones this call marked.
   */
  async detectRegressions(entityRef: string): Promise<RegressedMilestone[]> {
    const { milestones } = this.options;
    const frozen = (await milestones.listMilestones(entityRef)).filter(
      m => m.freeze && !m.regression,
    );
    if (frozen.length === 0) return [];
    const regressed: RegressedMilestone[] = [];
    for (const status of await this.withChecklists(entityRef, frozen)) {
      if (status.checklist.state !== 'regressed') continue;
      const marked = await milestones.markRegressed(
        entityRef,
        status.milestone.id,
        {
          chainEntryHash: status.milestone.freeze!.chainEntryHash,
          regression: {
            regressedAt: status.checklist.evaluatedAt,
            failingItems: failingChecklistItems(status.checklist),
          },
        },
      );
      if (marked) {
        regressed.push({ milestone: marked, checklist: status.checklist });
      }
    }
    return regressed;
  }

  private async withChecklists(
    entityRef: string,
    milestones: StoredMilestone[],
  ): Promise<MilestoneStatus[]> {
    if (milestones.length === 0) return [];
    const found = await this.readEvidence(entityRef, milestones);
    const now = this.options.clock();
    return milestones.map(milestone => ({
      milestone,
      checklist: evaluateFreezeChecklist(milestone, found, now),
    }));
  }
}
