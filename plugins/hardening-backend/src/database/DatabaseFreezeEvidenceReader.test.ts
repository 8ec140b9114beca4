import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { DatabaseFreezeEvidenceReader } from './DatabaseFreezeEvidenceReader';
import { DatabaseGitTagStore } from './DatabaseGitTagStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const entityRef = 'component:default/payments-api';
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const digest = (n: number) => n.toString(16).padStart(64, '0');

describe.each(ids)('DatabaseFreezeEvidenceReader on %s', databaseId => {
  let knex: Knex;
  let evidence: DatabaseEvidenceStore;
  let gitTags: DatabaseGitTagStore;
  let reader: DatabaseFreezeEvidenceReader;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    evidence = new DatabaseEvidenceStore(knex);
    gitTags = new DatabaseGitTagStore(evidence);
    reader = new DatabaseFreezeEvidenceReader(knex);
  });

  beforeEach(async () => {
    await knex('required_gates').delete();
    await knex('git_tags').delete();
    await knex('test_results').delete();
    await knex('evidence_reports').delete();
  });

  function testReport(
    n: number,
    minutes: number,
    tags: string[],
    ref = entityRef,
  ) {
    return evidence.insertTestReport({
      entityRef: ref,
      digest: digest(n),
      context: { tags },
      receivedAt: at(minutes),
      report: {
        format: 'junit',
        cases: [],
        totals: {
          tests: n,
          passed: n,
          failed: 0,
          errors: 0,
          skipped: 0,
          flaky: 0,
          durationMs: 0,
        },
      },
    });
  }

  it('reads nothing for an entity without evidence', async () => {
    expect(
      await reader.read(entityRef, {
        e2eTags: ['e2e:happy'],
        tagNames: ['milestone/m1-hardened'],
      }),
    ).toEqual({
      contract: undefined,
      contractResults: undefined,
      stressRun: undefined,
      gates: undefined,
      requiredGates: [],
      taggedTestReports: {},
      quarantinedFailures: {},
      disabledE2eTests: [],
      gitTags: [],
    });
  });

  it("reads the entity's required gates, which every milestone needs too", async () => {
    await evidence.setRequiredGates(entityRef, ['typecheck', 'build', 'lint'], {
      updatedAt: at(0),
      updatedBy: 'user:default/ana',
    });
    await evidence.setRequiredGates('component:default/other', ['audit'], {
      updatedAt: at(0),
      updatedBy: 'user:default/ana',
    });
    const many = await reader.readMany(
      new Map(
        [entityRef, 'component:default/other', 'component:default/none'].map(
          ref => [ref, { e2eTags: [], tagNames: [] }],
        ),
      ),
    );
    expect([...many].map(([ref, found]) => [ref, found.requiredGates])).toEqual(
      [
        [entityRef, ['build', 'lint', 'typecheck']],
        ['component:default/other', ['audit']],
        ['component:default/none', []],
      ],
    );
    // The same list, in the same order, as GET …/required-gates answers it.
    expect(await evidence.getRequiredGates(entityRef)).toEqual([
      'build',
      'lint',
      'typecheck',
    ]);
  });

  it('finds the newest test report carrying each tag, taking "_" in a tag literally', async () => {
    await testReport(1, 0, ['e2e:happy', 'e2e:security']);
    await testReport(2, 10, ['e2e:happy']);
    await testReport(3, 20, ['e2e:sec_x']);
    await testReport(4, 30, ['e2e:secax', 'e2e:happy-path']);
    await testReport(5, 40, ['e2e:security'], 'component:default/other');
    await evidence.insertGatesReport({
      entityRef,
      digest: digest(6),
      context: { tags: ['e2e:security'] },
      receivedAt: at(50),
      gates: [{ name: 'lint', status: 'passed' }],
    });

    const { taggedTestReports } = await reader.read(entityRef, {
      e2eTags: ['e2e:happy', 'e2e:security', 'e2e:sec_x', 'e2e:smoke'],
      tagNames: [],
    });
    const testsOf = (tag: string) =>
      taggedTestReports?.[tag]?.summary.totals.tests;
    expect(testsOf('e2e:happy')).toBe(2);
    expect(testsOf('e2e:security')).toBe(1);
    expect(testsOf('e2e:sec_x')).toBe(3);
    expect(taggedTestReports).not.toHaveProperty('e2e:smoke');
  });

  it('finds reported git tags by name, newest report first', async () => {
    const first = await gitTags.insertGitTags(
      {
        entityRef,
        digest: digest(1),
        context: { tags: [] },
        receivedAt: at(0),
      },
      [
        { name: 'milestone/m1-hardened', commit: 'aaaaaaa' },
        { name: 'v1.0.0', commit: 'aaaaaaa' },
      ],
    );
    expect(first.created).toBe(true);
    expect(first.report.summary.tags).toHaveLength(2);
    const again = await gitTags.insertGitTags(
      {
        entityRef,
        digest: digest(1),
        context: { tags: [] },
        receivedAt: at(5),
      },
      [{ name: 'milestone/m1-hardened', commit: 'aaaaaaa' }],
    );
    expect(again).toMatchObject({
      created: false,
      report: { id: first.report.id },
    });
    await gitTags.insertGitTags(
      {
        entityRef,
        digest: digest(2),
        context: { tags: [] },
        receivedAt: at(10),
      },
      [{ name: 'milestone/m1-hardened', commit: 'bbbbbbb' }],
    );

    const { gitTags: found } = await reader.read(entityRef, {
      e2eTags: [],
      tagNames: ['milestone/m1-hardened', 'milestone/m2-hardened'],
    });
    expect(found?.map(t => [t.name, t.commit, t.receivedAt])).toEqual([
      ['milestone/m1-hardened', 'bbbbbbb', at(10).toISOString()],
      ['milestone/m1-hardened', 'aaaaaaa', at(0).toISOString()],
    ]);
    expect(await knex('git_tags').count({ n: '*' })).toEqual([
      { n: databaseId === 'POSTGRES_15' ? '3' : 3 },
    ]);
  });

  it('reads any number of entities and tags in the same seven queries', async () => {
    const refs = Array.from(
      { length: 30 },
      (_, i) => `component:default/svc-${i}`,
    );
    for (const [i, ref] of refs.entries()) {
      await testReport(i + 1, i, ['e2e:happy'], ref);
      await evidence.insertGatesReport({
        entityRef: ref,
        digest: digest(100 + i),
        context: { tags: [] },
        receivedAt: at(i),
        gates: [{ name: 'lint', status: 'passed' }],
      });
      await gitTags.insertGitTags(
        {
          entityRef: ref,
          digest: digest(200 + i),
          context: { tags: [] },
          receivedAt: at(i),
        },
        [{ name: 'milestone/m1-hardened', commit: 'aaaaaaa' }],
      );
    }
    let queries = 0;
    const countQuery = () => {
      queries += 1;
    };
    knex.on('query', countQuery);
    try {
      const one = await reader.read(refs[0], {
        e2eTags: ['e2e:happy'],
        tagNames: ['milestone/m1-hardened'],
      });
      const few = queries;
      queries = 0;
      const many = await reader.readMany(
        new Map(
          refs.map(ref => [
            ref,
            {
              e2eTags: Array.from(
                { length: 12 },
                (_, i) => `e2e:tag-${i}`,
              ).concat('e2e:happy'),
              tagNames: Array.from(
                { length: 30 },
                (_, i) => `milestone/m${i}`,
              ).concat('milestone/m1-hardened'),
            },
          ]),
        ),
      );
      expect(queries).toBe(few);
      expect(few).toBeLessThanOrEqual(7);
      // Each entity gets its own evidence.
      expect(many.get(refs[0])).toEqual(one);
      expect(
        refs.map(
          ref =>
            many.get(ref)?.taggedTestReports?.['e2e:happy']?.summary.totals
              .tests,
        ),
      ).toEqual(refs.map((_, i) => i + 1));
      expect(refs.map(ref => many.get(ref)?.gates?.entityRef)).toEqual(refs);
      expect(refs.map(ref => many.get(ref)?.gitTags?.map(t => t.name))).toEqual(
        refs.map(() => ['milestone/m1-hardened']),
      );
    } finally {
      knex.removeListener('query', countQuery);
    }
  });
});
