import { evaluateRequiredGates } from '../evidence/ciGates';
import { StoredReport } from '../evidence/storedReport';
import { judgeStressRunAgainstLimits } from '../stress';
import {
  ChecklistEvidence,
  ChecklistItem,
  FREEZE_CHECKLIST_ITEMS,
  FreezeChecklist,
  FreezeChecklistItemId,
  FreezeEvidence,
  FreezeRecord,
  FreezeState,
  MilestoneRegression,
  WITNESSES_CHECKLIST_ITEM,
} from './freezeChecklist';
import { FreezeWitnessStatus, missingWitnessReasons } from './freezeWitnesses';
import { Milestone, milestoneTagName } from './milestone';
import { RequiredGates, requiredGatesOf } from './requiredGates';

/** A milestone with what the backend knows about its freeze, if anything. */
type MilestoneToEvaluate = Milestone & {
  freeze?: FreezeRecord | null;
  regression?: MilestoneRegression | null;
};

type Verdict = Pick<ChecklistItem, 'passed' | 'reason' | 'evidence'>;

/** Most problems one reason lists before it says how many more there are. */
const MAX_LISTED = 5;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listProblems(problems: string[]): string {
  const listed = problems.slice(0, MAX_LISTED).join('; ');
  const more = problems.length - MAX_LISTED;
  return more > 0 ? `${listed}; and ${more} more` : listed;
}

function reportEvidence(report: StoredReport<object>): ChecklistEvidence {
  return {
    kind: report.kind,
    reportId: report.id,
    digest: report.digest,
    receivedAt: report.receivedAt,
  };
}

function fail(reason: string, evidence: ChecklistEvidence[] = []): Verdict {
  return { passed: false, reason, evidence };
}

function judgeContract(
  milestone: Milestone,
  evidence: FreezeEvidence,
): Verdict {
  const { contract, contractResults } = evidence;
  if (!contract) {
    return fail('the entity has no delivery contract');
  }
  const contractEvidence: ChecklistEvidence = {
    kind: 'contract',
    reportId: contract.id,
    digest: contract.digest,
    receivedAt: contract.uploadedAt,
  };
  const gateIds =
    milestone.thresholds.contractGateIds ??
    contract.contract.gates.map(g => g.id);
  if (gateIds.length === 0) {
    return fail('no contract gate is named for this milestone', [
      contractEvidence,
    ]);
  }
  if (!contractResults) {
    return fail('no contract results have been uploaded', [contractEvidence]);
  }
  const used = [contractEvidence, reportEvidence(contractResults)];
  const gates = new Map(contract.contract.gates.map(g => [g.id, g]));
  const results = new Map(
    contractResults.summary.gates.map(r => [r.gateId, r]),
  );
  const problems: string[] = [];
  for (const gateId of gateIds) {
    const gate = gates.get(gateId);
    const result = results.get(gateId);
    if (!gate) {
      problems.push(`${gateId} is not in the current contract`);
    } else if (gate.status !== 'active') {
      problems.push(`${gateId} is ${gate.status}, not active`);
    } else if (!result) {
      problems.push(`${gateId} has no result in the latest contract results`);
    } else if (result.status === 'error') {
      problems.push(`${gateId} could not be evaluated by the checker`);
    } else if (result.status === 'fail') {
      problems.push(
        `${gateId} failed with ${plural(result.violationCount, 'violation')}`,
      );
    } else if (
      (gate.type !== 'command' || Boolean(gate.targets?.length)) &&
      result.matchedFiles === 0
    ) {
      problems.push(
        `${gateId} matched no file, and a gate that checked nothing is not a pass`,
      );
    }
  }
  if (problems.length > 0) {
    return fail(
      `${problems.length} of ${plural(
        gateIds.length,
        'contract gate',
      )} not green: ${listProblems(problems)}`,
      used,
    );
  }
  return {
    passed: true,
    reason: `all ${plural(
      gateIds.length,
      'contract gate',
    )} active and passing in the latest contract results`,
    evidence: used,
  };
}

function judgeStress(milestone: Milestone, evidence: FreezeEvidence): Verdict {
  const report = evidence.stressRun;
  if (!report) {
    return fail('no stress run has been uploaded');
  }
  const used = [reportEvidence(report)];
  const run = report.summary.run;
  const { problems, worstP95Ms } = judgeStressRunAgainstLimits(
    run,
    milestone.thresholds,
  );
  const scenario = `the latest stress run ("${run.scenario}")`;
  if (problems.length > 0) {
    return fail(`${scenario} fails: ${listProblems(problems)}`, used);
  }
  return {
    passed: true,
    reason: `${scenario} had no happy-path failures, denied every negative request as expected, and its worst p95 of ${
      worstP95Ms ?? 0
    } ms is within ${milestone.thresholds.p95LimitMs} ms`,
    evidence: used,
  };
}

function judgeE2e(milestone: Milestone, evidence: FreezeEvidence): Verdict {
  const tags = milestone.thresholds.e2eTags;
  if (tags.length === 0) {
    return fail('no e2e tag is named for this milestone');
  }
  const used = new Map<string, ChecklistEvidence>();
  const problems: string[] = [];
  const covered: string[] = [];
  for (const tag of tags) {
    const report = evidence.taggedTestReports?.[tag];
    if (!report) {
      problems.push(`no test report is tagged ${tag}`);
      continue;
    }
    used.set(report.id, reportEvidence(report));
    const { passed, failed, errors } = report.summary.totals;
    const quarantined = Math.min(
      evidence.quarantinedFailures?.[report.id]?.length ?? 0,
      failed + errors,
    );
    const failing = failed + errors - quarantined;
    const notCounted =
      quarantined > 0
        ? `, ${plural(quarantined, 'quarantined failure')} not counted`
        : '';
    if (failing > 0) {
      problems.push(
        `the latest report tagged ${tag} has ${plural(
          failing,
          'failing test',
        )}${notCounted}`,
      );
    } else if (passed === 0) {
      problems.push(`the latest report tagged ${tag} has no passing test`);
    } else {
      covered.push(`${tag} (${plural(passed, 'passing test')}${notCounted})`);
    }
  }
  if (problems.length > 0) {
    return fail(listProblems(problems), [...used.values()]);
  }
  return {
    passed: true,
    reason: `the latest reports tagged ${covered.join(
      ' and ',
    )} have no failing test`,
    evidence: [...used.values()],
  };
}

function requiredGatesOfMilestone(
  milestone: Milestone,
  evidence: FreezeEvidence,
): RequiredGates {
  return requiredGatesOf(evidence.requiredGates ?? [], {
    id: milestone.id,
    requiredGates: milestone.thresholds.requiredGates,
  });
}

function judgeGates(milestone: Milestone, evidence: FreezeEvidence): Verdict {
  const required = requiredGatesOfMilestone(milestone, evidence).gates;
  if (required.length === 0) {
    return fail('no required gate is named for this milestone');
  }
  const report = evidence.gates;
  if (!report) {
    return fail(
      `no CI gates report has been uploaded, so ${required.join(
        ', ',
      )} have no result`,
    );
  }
  const { passing, gates } = evaluateRequiredGates(
    required,
    report.summary.gates,
  );
  const used = [reportEvidence(report)];
  if (!passing) {
    const problems = gates
      .filter(g => !g.passing)
      .map(g =>
        g.status === 'missing'
          ? `${g.name} is missing from the latest gates report`
          : `${g.name} ${g.status}`,
      );
    return fail(listProblems(problems), used);
  }
  return {
    passed: true,
    reason: `${required.join(', ')} passed in the latest gates report`,
    evidence: used,
  };
}

function judgeTag(milestone: Milestone, evidence: FreezeEvidence): Verdict {
  const expected = milestoneTagName(milestone);
  // Newest report first, as the evidence lists them (by the CI run, not the receipt).
  const reported = (evidence.gitTags ?? []).filter(t => t.name === expected);
  if (reported.length === 0) {
    return fail(`no reported git tag is named ${expected}`);
  }
  const newest = reported[0];
  return {
    passed: true,
    reason: `tag ${expected} was reported at commit ${newest.commit.slice(
      0,
      12,
    )}`,
    evidence: [
      {
        kind: 'git-tags',
        reportId: newest.reportId,
        digest: newest.digest,
        receivedAt: newest.receivedAt,
      },
    ],
  };
}

/**
 * The `witnesses` item: every required witness cosigned the current tree. Not judged
 * for a frozen milestone (not regressed): the freeze's own audit chain entry grows the
 * log past any checkpoint cosigned before it, which is no regression.
 */
function judgeWitnesses(
  milestone: MilestoneToEvaluate,
  status: FreezeWitnessStatus,
): Verdict {
  const names = status.required.map(r => r.witness).join(', ');
  if (milestone.freeze && !milestone.regression) {
    return {
      passed: true,
      reason: `required before a freeze only (${names}): the freeze's own audit chain entry grew the log past the checkpoint they cosigned`,
      evidence: [],
    };
  }
  const missing = missingWitnessReasons(status);
  if (missing.length > 0) {
    return fail(
      `${listProblems(
        missing,
      )}: have them run \`hardening chain witness\` on the current checkpoint`,
    );
  }
  return {
    passed: true,
    reason: `${names} cosigned the checkpoint of the current tree (size ${status.treeSize})`,
    evidence: [],
  };
}

const JUDGES: Record<
  Exclude<FreezeChecklistItemId, 'witnesses'>,
  (milestone: Milestone, evidence: FreezeEvidence) => Verdict
> = {
  contract: judgeContract,
  stress: judgeStress,
  e2e: judgeE2e,
  gates: judgeGates,
  tag: judgeTag,
};

function stateOf(
  milestone: MilestoneToEvaluate,
  allPassed: boolean,
): FreezeState {
  if (milestone.regression) {
    return 'regressed';
  }
  if (milestone.freeze) {
    return allPassed ? 'frozen' : 'regressed';
  }
  return allPassed ? 'ready' : 'blocked';
}

/**
 * Computes the frozen-state checklist of a milestone from an entity's stored evidence.
 *
 * - contract: every gate named for the milestone (all gates of the current contract by
 *   default) is active in the current contract and `pass` in the newest contract results,
 *   with at least one matched file unless it is a command gate without targets;
 * - stress: the newest stress run has zero failures in happy phases, every request of
 *   negative phases denied as expected, every happy and read p95 at most `p95LimitMs` and
 *   every read phase's error rate at most `errorRateLimit`;
 * - e2e: for each of `e2eTags`, the newest test report carrying the tag has at least one
 *   passing test and no failed or errored one, not counting the failures of tests that
 *   are quarantined (`evidence.quarantinedFailures`);
 * - gates: every required gate `passed` in the newest CI gates report: the entity's
 *   required gates plus the milestone's own `requiredGates` (see `requiredGatesOf`);
 * - tag: a git tag named by the milestone's tag pattern was reported;
 * - witnesses (only when `evidence.witnesses` requires some): each required witness
 *   cosigned the checkpoint of the current tree; always green for a frozen milestone
 *   that did not regress, whose own freeze entry grew the log.
 *
 * Missing evidence fails its item. The state is `regressed` for a milestone marked
 * regressed, or one that is frozen while some item fails.
 *
 * @public
 */
export function evaluateFreezeChecklist(
  milestone: MilestoneToEvaluate,
  evidence: FreezeEvidence,
  now: Date,
): FreezeChecklist {
  const items = FREEZE_CHECKLIST_ITEMS.map(
    ({ id, label }): ChecklistItem => ({
      id,
      label,
      ...JUDGES[id](milestone, evidence),
    }),
  );
  const { witnesses } = evidence;
  if (witnesses && witnesses.required.length > 0) {
    items.push({
      ...WITNESSES_CHECKLIST_ITEM,
      ...judgeWitnesses(milestone, witnesses),
    });
  }
  return {
    milestoneId: milestone.id,
    state: stateOf(
      milestone,
      items.every(i => i.passed),
    ),
    evaluatedAt: now.toISOString(),
    items,
    requiredGates: requiredGatesOfMilestone(milestone, evidence),
    ...(witnesses && witnesses.required.length > 0 ? { witnesses } : {}),
    ...(evidence.disabledE2eTests && evidence.disabledE2eTests.length > 0
      ? { disabledE2eTests: evidence.disabledE2eTests }
      : {}),
  };
}

/**
 * The items of a checklist that are not green, as a regression records them.
 *
 * @public
 */
export function failingChecklistItems(
  checklist: FreezeChecklist,
): MilestoneRegression['failingItems'] {
  return checklist.items
    .filter(i => !i.passed)
    .map(({ id, label, reason }) => ({ id, label, reason }));
}
