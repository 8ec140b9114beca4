import { ContractDocument, summarizeContractResults } from '../contract';
import { CiGatesSummary, StoredReport, TestReportSummary } from '../evidence';
import {
  evaluateStressRun,
  StressRunInput,
  stressRunSchema,
  StressRunSummary,
} from '../stress';
import {
  evaluateFreezeChecklist,
  failingChecklistItems,
} from './evaluateFreezeChecklist';
import {
  ChecklistItem,
  FreezeChecklistItemId,
  FreezeEvidence,
  FreezeRecord,
} from './freezeChecklist';
import { Milestone, MilestoneInput, milestoneSchema } from './milestone';

const NOW = new Date('2026-11-20T12:00:00Z');
const digestOf = (n: number) => n.toString(16).padStart(64, '0');

function report<T extends object>(
  id: string,
  kind: StoredReport['kind'],
  summary: T,
  receivedAt = '2026-11-20T10:00:00.000Z',
  tags: string[] = [],
): StoredReport<T> {
  return {
    id,
    entityRef: 'component:default/payments-api',
    kind,
    digest: digestOf(id.length + id.charCodeAt(0)),
    receivedAt,
    context: { tags },
    summary,
  };
}

const contract: ContractDocument = {
  milestone: 'M3.3.1',
  gates: [
    {
      id: 'security.auth',
      description: 'share-pack routes verify the session',
      type: 'file_content',
      targets: ['apps/web/src/app/api/share/**/route.ts'],
      must_match: ['auth\\.api\\.getSession'],
      status: 'active',
    },
    // A command gate without targets checks no file: its pass is enough.
    {
      id: 'build.lint',
      description: 'pnpm lint',
      type: 'command',
      status: 'active',
    },
  ],
};

const runbookGate: ContractDocument['gates'][number] = {
  id: 'docs.runbook',
  description: 'a runbook exists',
  type: 'file_exists',
  targets: ['docs/RUNBOOK.md'],
  status: 'planned',
};

type GateRow = {
  gateId: string;
  status: 'pass' | 'fail' | 'error';
  matchedFiles: number;
  violations?: number;
};

function contractResults(rows: GateRow[], judgedBy = contract) {
  return report(
    'contract-results-1',
    'contract-results',
    summarizeContractResults(
      'native',
      {
        results: rows.map(r => ({
          gateId: r.gateId,
          status: r.status,
          matchedFiles: r.matchedFiles,
          violations: Array.from({ length: r.violations ?? 0 }, () => ({
            file: 'apps/web/src/app/api/share/route.ts',
            message: 'no getSession',
          })),
        })),
      },
      { digest: digestOf(7), contract: judgedBy },
    ),
  );
}

const greenContractRows: GateRow[] = [
  { gateId: 'security.auth', status: 'pass', matchedFiles: 12 },
  { gateId: 'build.lint', status: 'pass', matchedFiles: 0 },
];

const greenRun: StressRunInput = {
  scenario: 'share-pack',
  startedAt: '2026-11-20T09:00:00Z',
  thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
  phases: [
    {
      name: 'issue tokens',
      kind: 'happy',
      requests: 2000,
      failures: 0,
      latencyMs: { p95: 140 },
    },
    {
      name: 'open packs',
      kind: 'read',
      requests: 6000,
      failures: 0,
      latencyMs: { p95: 95 },
    },
    {
      name: 'forged tokens',
      kind: 'negative',
      requests: 300,
      failures: 0,
      statusCounts: { '401': 100, '403': 200 },
    },
  ],
};

function stressReport(input: StressRunInput) {
  const run = stressRunSchema.parse(input);
  return report<StressRunSummary>('stress-1', 'stress-run', {
    format: 'native',
    run,
    evaluation: evaluateStressRun(run),
  });
}

function testReport(
  id: string,
  tag: string,
  totals: Partial<TestReportSummary['totals']>,
) {
  return report<TestReportSummary>(
    id,
    'test-report',
    {
      format: 'junit',
      totals: {
        tests: 0,
        passed: 0,
        failed: 0,
        errors: 0,
        skipped: 0,
        flaky: 0,
        durationMs: 0,
        ...totals,
      },
    },
    '2026-11-20T10:00:00.000Z',
    [tag],
  );
}

const milestone: Milestone = milestoneSchema.parse({
  id: 'M3.3.1',
  title: 'Share packs hardened',
  stage: 'hardening-slice',
  thresholds: { p95LimitMs: 300 },
} satisfies MilestoneInput);

function greenEvidence(): FreezeEvidence {
  return {
    contract: {
      id: 'contract-1',
      digest: digestOf(7),
      uploadedAt: '2026-11-19T08:00:00.000Z',
      contract,
    },
    contractResults: contractResults(greenContractRows),
    stressRun: stressReport(greenRun),
    gates: report('gates-1', 'ci-gates', {
      gates: [
        { name: 'lint', status: 'passed' },
        { name: 'build', status: 'passed' },
        { name: 'e2e', status: 'failed' },
      ],
    }),
    taggedTestReports: {
      'e2e:happy': testReport('happy-1', 'e2e:happy', { tests: 4, passed: 4 }),
      'e2e:security': testReport('security-1', 'e2e:security', {
        tests: 3,
        passed: 2,
        skipped: 1,
      }),
    },
    gitTags: [
      {
        name: 'milestone/m3.3.1-hardened',
        commit: 'abcdef1234567890',
        reportId: 'tags-1',
        digest: digestOf(9),
        receivedAt: '2026-11-20T11:00:00.000Z',
      },
    ],
  };
}

function item(
  evidence: FreezeEvidence,
  id: FreezeChecklistItemId,
  m: Milestone = milestone,
): ChecklistItem {
  const found = evaluateFreezeChecklist(m, evidence, NOW).items.find(
    i => i.id === id,
  );
  expect(found).toBeDefined();
  return found!;
}

function withThresholds(patch: Partial<MilestoneInput['thresholds']>) {
  return milestoneSchema.parse({
    ...milestone,
    thresholds: { ...milestone.thresholds, ...patch },
  });
}

describe('milestoneSchema', () => {
  it('fills in the defaults and refuses unsafe ids', () => {
    expect(milestone).toEqual({
      id: 'M3.3.1',
      title: 'Share packs hardened',
      stage: 'hardening-slice',
      tagPattern: 'milestone/{id}-hardened',
      thresholds: {
        p95LimitMs: 300,
        errorRateLimit: 0,
        requiredGates: ['lint', 'build'],
        e2eTags: ['e2e:happy', 'e2e:security'],
      },
    });
    for (const id of ['../etc', 'M 3', '', 'x'.repeat(65), '.hidden']) {
      expect(milestoneSchema.safeParse({ ...milestone, id }).success).toBe(
        false,
      );
    }
    expect(
      milestoneSchema.safeParse({
        ...milestone,
        thresholds: { p95LimitMs: 300, requiredGates: [] },
      }).success,
    ).toBe(false);
  });
});

describe('evaluateFreezeChecklist', () => {
  it('is ready when all five items are green, each with the evidence that decided it', () => {
    const checklist = evaluateFreezeChecklist(milestone, greenEvidence(), NOW);
    expect(checklist.state).toBe('ready');
    expect(checklist.evaluatedAt).toBe('2026-11-20T12:00:00.000Z');
    expect(checklist.items.map(i => [i.id, i.passed])).toEqual([
      ['contract', true],
      ['stress', true],
      ['e2e', true],
      ['gates', true],
      ['tag', true],
    ]);
    expect(checklist.items.map(i => i.evidence.map(e => e.kind))).toEqual([
      ['contract', 'contract-results'],
      ['stress-run'],
      ['test-report', 'test-report'],
      ['ci-gates'],
      ['git-tags'],
    ]);
    expect(checklist.items[4].reason).toBe(
      'tag milestone/m3.3.1-hardened was reported at commit abcdef123456',
    );
  });

  it('fails every item on no evidence at all', () => {
    const checklist = evaluateFreezeChecklist(milestone, {}, NOW);
    expect(checklist.state).toBe('blocked');
    expect(checklist.items.map(i => [i.id, i.passed, i.reason])).toEqual([
      ['contract', false, 'the entity has no delivery contract'],
      ['stress', false, 'no stress run has been uploaded'],
      [
        'e2e',
        false,
        'no test report is tagged e2e:happy; no test report is tagged e2e:security',
      ],
      [
        'gates',
        false,
        'no CI gates report has been uploaded, so lint, build have no result',
      ],
      ['tag', false, 'no reported git tag is named milestone/m3.3.1-hardened'],
    ]);
  });

  describe('contract', () => {
    it('fails without contract results', () => {
      const evidence = { ...greenEvidence(), contractResults: undefined };
      expect(item(evidence, 'contract')).toMatchObject({
        passed: false,
        reason: 'no contract results have been uploaded',
      });
    });

    it('does not count a gate whose targets matched no file as a pass', () => {
      const evidence = {
        ...greenEvidence(),
        contractResults: contractResults([
          { gateId: 'security.auth', status: 'pass', matchedFiles: 0 },
          { gateId: 'build.lint', status: 'pass', matchedFiles: 0 },
        ]),
      };
      expect(item(evidence, 'contract')).toMatchObject({
        passed: false,
        reason:
          '1 of 2 contract gates not green: security.auth matched no file, and a gate that checked nothing is not a pass',
      });
    });

    it('fails failing, erroring and missing gates, and ignores planned gates not named', () => {
      const evidence = {
        ...greenEvidence(),
        contractResults: contractResults([
          {
            gateId: 'security.auth',
            status: 'fail',
            matchedFiles: 3,
            violations: 2,
          },
        ]),
      };
      expect(item(evidence, 'contract').reason).toBe(
        '2 of 2 contract gates not green: security.auth failed with 2 violations; build.lint has no result in the latest contract results',
      );
      const erroring = {
        ...greenEvidence(),
        contractResults: contractResults([
          { gateId: 'security.auth', status: 'error', matchedFiles: 3 },
          { gateId: 'build.lint', status: 'pass', matchedFiles: 0 },
        ]),
      };
      expect(item(erroring, 'contract').reason).toMatch(
        /security.auth could not be evaluated by the checker$/,
      );
    });

    it('by default requires every gate of the current contract, planned ones included, to be active', () => {
      const withPlanned = {
        ...contract,
        gates: [...contract.gates, runbookGate],
      };
      const evidence = greenEvidence();
      evidence.contract = { ...evidence.contract!, contract: withPlanned };
      evidence.contractResults = contractResults(
        [
          ...greenContractRows,
          { gateId: 'docs.runbook', status: 'pass', matchedFiles: 1 },
        ],
        withPlanned,
      );
      expect(item(evidence, 'contract')).toMatchObject({
        passed: false,
        reason:
          '1 of 3 contract gates not green: docs.runbook is planned, not active',
      });
    });

    it('requires every gate the milestone names to be active in the current contract', () => {
      const withPlanned = {
        ...contract,
        gates: [...contract.gates, runbookGate],
      };
      const evidence = greenEvidence();
      evidence.contract = { ...evidence.contract!, contract: withPlanned };
      const named = withThresholds({
        contractGateIds: ['security.auth', 'docs.runbook', 'perf.budget'],
      });
      expect(item(evidence, 'contract', named)).toMatchObject({
        passed: false,
        reason:
          '2 of 3 contract gates not green: docs.runbook is planned, not active; perf.budget is not in the current contract',
      });
      const onlyAuth = withThresholds({ contractGateIds: ['security.auth'] });
      expect(item(evidence, 'contract', onlyAuth)).toMatchObject({
        passed: true,
        reason:
          'all 1 contract gate active and passing in the latest contract results',
      });
    });
  });

  describe('stress', () => {
    const phases = greenRun.phases;

    it('fails without a stress run', () => {
      expect(
        item({ ...greenEvidence(), stressRun: undefined }, 'stress'),
      ).toMatchObject({ passed: false, evidence: [] });
    });

    it('fails one happy-path failure even when the run itself allowed it', () => {
      const run = {
        ...greenRun,
        thresholds: {
          maxErrorRate: 0.01,
          p95Ms: 500,
          happyPathZeroErrors: false,
        },
        phases: [{ ...phases[0], failures: 1 }, phases[1], phases[2]],
      };
      const stress = item(
        { ...greenEvidence(), stressRun: stressReport(run) },
        'stress',
      );
      expect(stress.passed).toBe(false);
      expect(stress.reason).toContain(
        '1 of 2000 requests failed; the happy path allows none',
      );
    });

    it('fails a negative phase below 100% denied even when the run allowed less', () => {
      const run = {
        ...greenRun,
        thresholds: { maxErrorRate: 0.01, p95Ms: 500, negativePassRate: 0.9 },
        phases: [
          phases[0],
          phases[1],
          { ...phases[2], statusCounts: { '200': 1, '403': 299 } },
        ],
      };
      expect(
        item({ ...greenEvidence(), stressRun: stressReport(run) }, 'stress')
          .reason,
      ).toContain('299 of 300 requests denied as expected');
    });

    it('fails a run without a negative phase', () => {
      const run = { ...greenRun, phases: [phases[0], phases[1]] };
      expect(
        item({ ...greenEvidence(), stressRun: stressReport(run) }, 'stress')
          .reason,
      ).toContain('no negative/security phase in the run');
    });

    it('judges p95 against the milestone limit, inclusive', () => {
      const at = withThresholds({ p95LimitMs: 140 });
      expect(item(greenEvidence(), 'stress', at).passed).toBe(true);
      const below = withThresholds({ p95LimitMs: 139 });
      expect(item(greenEvidence(), 'stress', below)).toMatchObject({
        passed: false,
        reason:
          'the latest stress run ("share-pack") fails: phase "issue tokens" p95 140 ms is over the milestone limit of 139 ms',
      });
    });

    it('judges read phases against the error-rate limit, zero by default', () => {
      const run = {
        ...greenRun,
        phases: [phases[0], { ...phases[1], failures: 6 }, phases[2]],
      };
      const evidence = { ...greenEvidence(), stressRun: stressReport(run) };
      expect(item(evidence, 'stress').reason).toContain(
        'phase "open packs" failed 6 of 6000 requests, over the milestone error-rate limit of 0%',
      );
      expect(
        item(evidence, 'stress', withThresholds({ errorRateLimit: 0.001 }))
          .passed,
      ).toBe(true);
    });

    it('fails phases that made no requests', () => {
      const run = {
        ...greenRun,
        phases: [
          { ...phases[0], requests: 0 },
          { ...phases[1], requests: 0 },
          phases[2],
        ],
      };
      const stress = item(
        { ...greenEvidence(), stressRun: stressReport(run) },
        'stress',
      );
      expect(stress.passed).toBe(false);
      expect(stress.reason).toContain(
        'phase "issue tokens" made no requests: a phase without requests is no evidence',
      );
      expect(stress.reason).toContain(
        'phase "open packs" made no requests, which is no evidence',
      );
    });
  });

  describe('e2e', () => {
    it('needs a report for each tag', () => {
      const evidence = {
        ...greenEvidence(),
        taggedTestReports: {
          'e2e:happy': greenEvidence().taggedTestReports!['e2e:happy'],
        },
      };
      expect(item(evidence, 'e2e')).toMatchObject({
        passed: false,
        reason: 'no test report is tagged e2e:security',
      });
    });

    it('fails a tagged report with a failing or erroring test, or with no passing test', () => {
      const evidence = {
        ...greenEvidence(),
        taggedTestReports: {
          'e2e:happy': testReport('happy-2', 'e2e:happy', {
            tests: 5,
            passed: 4,
            errors: 1,
          }),
          'e2e:security': testReport('security-2', 'e2e:security', {
            tests: 2,
            skipped: 2,
          }),
        },
      };
      expect(item(evidence, 'e2e')).toMatchObject({
        passed: false,
        reason:
          'the latest report tagged e2e:happy has 1 failing test; the latest report tagged e2e:security has no passing test',
      });
    });

    it("does not count quarantined tests' failures, and says how many it left out", () => {
      const failing = testReport('happy-3', 'e2e:happy', {
        tests: 6,
        passed: 3,
        failed: 2,
        errors: 1,
      });
      const evidence = (quarantined: string[]): FreezeEvidence => ({
        ...greenEvidence(),
        taggedTestReports: {
          ...greenEvidence().taggedTestReports,
          'e2e:happy': failing,
        },
        quarantinedFailures: { 'happy-3': quarantined },
      });
      expect(item(evidence(['a', 'b']), 'e2e')).toMatchObject({
        passed: false,
        reason:
          'the latest report tagged e2e:happy has 1 failing test, 2 quarantined failures not counted',
      });
      expect(item(evidence(['a', 'b', 'c']), 'e2e')).toMatchObject({
        passed: true,
        reason: expect.stringContaining(
          'e2e:happy (3 passing tests, 3 quarantined failures not counted)',
        ),
      });
    });

    it('uses the milestone tags', () => {
      const custom = withThresholds({ e2eTags: ['e2e:smoke'] });
      expect(item(greenEvidence(), 'e2e', custom).reason).toBe(
        'no test report is tagged e2e:smoke',
      );
    });
  });

  describe('gates', () => {
    it('fails a failed, skipped or missing required gate', () => {
      const strict = withThresholds({
        requiredGates: ['lint', 'build', 'e2e', 'audit'],
      });
      expect(item(greenEvidence(), 'gates', strict)).toMatchObject({
        passed: false,
        reason: 'e2e failed; audit is missing from the latest gates report',
      });
      const skipped = {
        ...greenEvidence(),
        gates: report<CiGatesSummary>('gates-2', 'ci-gates', {
          gates: [
            { name: 'lint', status: 'passed' },
            { name: 'build', status: 'skipped' },
          ],
        }),
      };
      expect(item(skipped, 'gates').reason).toBe('build skipped');
    });

    it("needs the entity's required gates plus the milestone's own, and says so", () => {
      const evidence = {
        ...greenEvidence(),
        requiredGates: ['build', 'e2e', 'typecheck'],
      };
      expect(item(evidence, 'gates')).toMatchObject({
        passed: false,
        reason: 'e2e failed; typecheck is missing from the latest gates report',
      });
      expect(
        evaluateFreezeChecklist(milestone, evidence, NOW).requiredGates,
      ).toEqual({
        milestoneId: 'M3.3.1',
        entity: ['build', 'e2e', 'typecheck'],
        milestone: ['lint', 'build'],
        gates: ['build', 'e2e', 'typecheck', 'lint'],
      });
      // Without an entity list, the milestone's own gates alone.
      expect(
        evaluateFreezeChecklist(milestone, greenEvidence(), NOW).requiredGates
          .gates,
      ).toEqual(['lint', 'build']);
    });
  });

  describe('tag', () => {
    it('matches the pattern with the lower-cased id, exactly', () => {
      const evidence = greenEvidence();
      evidence.gitTags = [
        { ...evidence.gitTags![0], name: 'milestone/M3.3.1-hardened' },
        { ...evidence.gitTags![0], name: 'milestone/m3.3.1-hardened-rc' },
      ];
      expect(item(evidence, 'tag').passed).toBe(false);
      const custom = milestoneSchema.parse({
        ...milestone,
        tagPattern: 'release/{id}',
      });
      expect(
        item(
          {
            gitTags: [
              { ...greenEvidence().gitTags![0], name: 'release/m3.3.1' },
            ],
          },
          'tag',
          custom,
        ).passed,
      ).toBe(true);
    });
  });

  describe('state', () => {
    const freeze: FreezeRecord = {
      milestoneId: 'M3.3.1',
      tag: 'milestone/m3.3.1-hardened',
      frozenAt: '2026-11-20T11:30:00.000Z',
      frozenBy: 'user:default/alice',
      evidence: [],
      chainEntryHash: digestOf(1),
    };

    it('is frozen while a frozen milestone stays green, regressed once an item fails', () => {
      expect(
        evaluateFreezeChecklist({ ...milestone, freeze }, greenEvidence(), NOW)
          .state,
      ).toBe('frozen');
      const broken = { ...greenEvidence(), gates: undefined };
      const checklist = evaluateFreezeChecklist(
        { ...milestone, freeze },
        broken,
        NOW,
      );
      expect(checklist.state).toBe('regressed');
      expect(failingChecklistItems(checklist)).toEqual([
        {
          id: 'gates',
          label: 'Required CI gates green',
          reason:
            'no CI gates report has been uploaded, so lint, build have no result',
        },
      ]);
    });

    it('stays regressed once marked, even when the items are green again', () => {
      const regression = {
        regressedAt: '2026-11-20T11:45:00.000Z',
        failingItems: [],
      };
      expect(
        evaluateFreezeChecklist(
          { ...milestone, freeze, regression },
          greenEvidence(),
          NOW,
        ).state,
      ).toBe('regressed');
    });
  });
});

describe('the witnesses item', () => {
  const ALPHA = 'witness.example.com/alpha';
  const BETA = 'witness.example.com/beta';
  const freeze: FreezeRecord = {
    milestoneId: 'M3.3.1',
    tag: 'milestone/m3.3.1-hardened',
    frozenAt: '2026-11-20T11:30:00.000Z',
    frozenBy: 'user:default/alice',
    evidence: [],
    chainEntryHash: digestOf(1),
  };
  const withWitnesses = (
    required: Array<{ witness: string; cosignedSize: number | null }>,
  ): FreezeEvidence => ({
    ...greenEvidence(),
    witnesses: { treeSize: 7, required },
  });

  it('is absent when config requires no witness', () => {
    for (const evidence of [greenEvidence(), withWitnesses([])]) {
      const checklist = evaluateFreezeChecklist(milestone, evidence, NOW);
      expect(checklist.items.map(i => i.id)).not.toContain('witnesses');
      expect(checklist.witnesses).toBeUndefined();
    }
  });

  it('blocks an otherwise green milestone, naming each witness missing and why', () => {
    const evidence = withWitnesses([
      { witness: ALPHA, cosignedSize: 7 },
      { witness: BETA, cosignedSize: 5 },
      { witness: 'witness.example.com/gamma', cosignedSize: null },
    ]);
    const checklist = evaluateFreezeChecklist(milestone, evidence, NOW);
    expect(checklist.state).toBe('blocked');
    expect(failingChecklistItems(checklist)).toEqual([
      {
        id: 'witnesses',
        label: 'Required witnesses cosigned the current checkpoint',
        reason: `${BETA} cosigned size 5, not the current size 7; witness.example.com/gamma has not cosigned any checkpoint: have them run \`hardening chain witness\` on the current checkpoint`,
      },
    ]);
    expect(checklist.witnesses).toEqual(evidence.witnesses);
  });

  it('passes when every required witness cosigned the current tree', () => {
    const checklist = evaluateFreezeChecklist(
      milestone,
      withWitnesses([
        { witness: ALPHA, cosignedSize: 7 },
        { witness: BETA, cosignedSize: 7 },
      ]),
      NOW,
    );
    expect(checklist.state).toBe('ready');
    expect(checklist.items.at(-1)).toMatchObject({
      id: 'witnesses',
      passed: true,
      reason: `${ALPHA}, ${BETA} cosigned the checkpoint of the current tree (size 7)`,
    });
  });

  it('does not make a frozen milestone regress (its freeze entry grew the log), but judges a regressed one', () => {
    const behind = withWitnesses([{ witness: ALPHA, cosignedSize: 6 }]);
    const frozen = evaluateFreezeChecklist(
      { ...milestone, freeze },
      behind,
      NOW,
    );
    expect(frozen.state).toBe('frozen');
    expect(frozen.items.at(-1)).toMatchObject({
      id: 'witnesses',
      passed: true,
    });
    const regressed = evaluateFreezeChecklist(
      {
        ...milestone,
        freeze,
        regression: { regressedAt: freeze.frozenAt, failingItems: [] },
      },
      behind,
      NOW,
    );
    expect(regressed.items.at(-1)).toMatchObject({
      id: 'witnesses',
      passed: false,
    });
  });
});
