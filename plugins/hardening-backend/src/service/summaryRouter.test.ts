import request from 'supertest';
import {
  createRouteTestKit,
  testEntityPath,
} from '../__testUtils__/routeTestKit';
import { EvidenceVersions } from '../database/EvidenceVersions';
import { createSummaryRouter } from './summaryRouter';

const kit = createRouteTestKit();
const ENTITY = 'component:default/payments-api';

describe('GET …/summary', () => {
  beforeAll(() => kit.setup());

  const app = (allow = true) =>
    kit.app(
      deps =>
        createSummaryRouter({
          ...deps,
          versions: new EvidenceVersions(deps.knex),
        }),
      { allow },
    );

  const gates = (digest: string, lint: 'passed' | 'failed', minute: number) =>
    kit.deps().store.insertGatesReport({
      entityRef: ENTITY,
      digest: digest.repeat(64),
      context: { tags: [] },
      receivedAt: new Date(kit.now.getTime() + minute * 60_000),
      gates: [{ name: 'lint', status: lint }],
    });

  it('answers the newest report of each kind, kept until the entity’s evidence changes', async () => {
    const server = app();
    const summary = async () => {
      const res = await request(server).get(`${testEntityPath}/summary`);
      expect(res.status).toBe(200);
      return res.body as {
        entityRef: string;
        latest: Array<{ kind: string; summary: unknown }>;
      };
    };
    expect(await summary()).toEqual({ entityRef: ENTITY, latest: [] });

    await gates('a', 'failed', 0);
    expect((await summary()).latest).toEqual([
      expect.objectContaining({
        kind: 'ci-gates',
        summary: { gates: [{ name: 'lint', status: 'failed' }] },
      }),
    ]);

    // Nothing changed: only the version is read.
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    kit.knex.on('query', onQuery);
    try {
      await summary();
      expect(queries).toHaveLength(1);
      expect(queries[0]).toContain('evidence_versions');
    } finally {
      kit.knex.removeListener('query', onQuery);
    }

    // Any write moves the version, also one that bypasses the stores.
    await gates('b', 'passed', 1);
    expect((await summary()).latest).toEqual([
      expect.objectContaining({
        summary: { gates: [{ name: 'lint', status: 'passed' }] },
      }),
    ]);
    await kit.knex('evidence_reports').where({ entity_ref: ENTITY }).delete();
    expect((await summary()).latest).toEqual([]);
  });

  it('checks access before reading anything', async () => {
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    kit.knex.on('query', onQuery);
    try {
      const res = await request(app(false)).get(`${testEntityPath}/summary`);
      expect(res.status).toBe(403);
      const missing = await request(app()).get(
        '/entities/component/default/nobody/summary',
      );
      expect(missing.status).toBe(404);
      expect(queries).toEqual([]);
    } finally {
      kit.knex.removeListener('query', onQuery);
    }
  });
});
