import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  type HardeningScorecardMetric,
  hardeningScorecardMetricsExtensionPoint,
} from '@hardening/backstage-plugin-hardening-node';
import request from 'supertest';
import { hardeningPlugin } from '../plugin';
import { ScorecardMetricRegistry } from './extensionMetrics';

jest.setTimeout(60_000);

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
});

/** A module adding a coverage metric, as a team would; it records what it was asked. */
function coverageModule(asked: string[][]) {
  const coverage: HardeningScorecardMetric = {
    name: 'acme.lineCoverage',
    type: 'ratio',
    title: 'Line coverage',
    description: 'Share of lines covered by the newest coverage report.',
    levelOps: ['>='],
    async compute({ entityRefs }) {
      asked.push([...entityRefs]);
      return new Map([
        ['component:default/covered', 0.92],
        ['component:default/uncovered', 0.4],
      ]);
    },
  };
  return createBackendModule({
    pluginId: 'hardening',
    moduleId: 'test-coverage',
    register(env) {
      env.registerInit({
        deps: { metrics: hardeningScorecardMetricsExtensionPoint },
        async init({ metrics }) {
          metrics.addScorecardMetric(coverage);
        },
      });
    },
  });
}

const levels = [
  {
    id: 'covered',
    title: 'Covered',
    rules: [{ metric: 'acme.lineCoverage', op: '>=', value: 0.8 }],
  },
];

describe('scorecard metrics added by a module', () => {
  it('appear on scorecards, in one call for all entities, and level rules use them', async () => {
    const asked: string[][] = [];
    const backend = await startTestBackend({
      features: [
        hardeningPlugin,
        coverageModule(asked),
        mockServices.rootConfig.factory({
          data: { hardening: { scorecards: { levels } } },
        }),
        catalogServiceMock.factory({
          entities: ['covered', 'uncovered', 'unmeasured'].map(component),
        }),
      ],
    });
    const { server } = backend;
    try {
      const scorecard = async (name: string) =>
        (
          await request(server).get(
            `/api/hardening/scorecards/entities/component/default/${name}`,
          )
        ).body;

      const covered = await scorecard('covered');
      expect(covered.scorecard.metrics.extensions).toEqual({
        'acme.lineCoverage': 0.92,
      });
      expect(covered.scorecard.level).toEqual({
        id: 'covered',
        title: 'Covered',
      });
      expect(covered.extensionMetrics).toEqual([
        {
          name: 'acme.lineCoverage',
          title: 'Line coverage',
          type: 'ratio',
          description: 'Share of lines covered by the newest coverage report.',
          levelOps: ['>='],
        },
      ]);

      const uncovered = await scorecard('uncovered');
      expect(uncovered.scorecard.level).toBeNull();
      expect(uncovered.scorecard.missingForNextLevel).toEqual([
        'Line coverage is 40%, needs at least 80%',
      ]);
      const unmeasured = await scorecard('unmeasured');
      expect(unmeasured.scorecard.metrics.extensions).toEqual({
        'acme.lineCoverage': null,
      });
      expect(unmeasured.scorecard.missingForNextLevel).toEqual([
        'Line coverage: no evidence yet (needs >= 80%)',
      ]);

      const org = await request(server).get('/api/hardening/scorecards/org');
      expect(org.status).toBe(200);
      expect(org.body.overall.levels).toMatchObject({ covered: 1, none: 2 });
      // One call over every entity of the org page.
      expect(asked.at(-1)?.sort()).toEqual([
        'component:default/covered',
        'component:default/uncovered',
        'component:default/unmeasured',
      ]);

      // The CSV export: one more column, headed by the metric's name, after the
      // built-in ones; empty for the entity without a value.
      const csv = await request(server).get(
        '/api/hardening/scorecards/org.csv?sort=entity&order=asc',
      );
      expect(csv.status).toBe(200);
      const [header, ...rows] = csv.text.split('\r\n');
      expect(header.split(',').slice(-2)).toEqual([
        'missing_for_next_level',
        'acme.lineCoverage',
      ]);
      expect(rows.map(row => row.split(',')[0])).toEqual([
        'component:default/covered',
        'component:default/uncovered',
        'component:default/unmeasured',
        '',
      ]);
      expect(rows.slice(0, 3).map(row => row.split(',').at(-1))).toEqual([
        '0.92',
        '0.4',
        '',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start when a level uses a metric in a way it does not allow, or no module adds it', async () => {
    const start = (rules: object[]) =>
      startTestBackend({
        features: [
          hardeningPlugin,
          coverageModule([]),
          mockServices.rootConfig.factory({
            data: {
              hardening: {
                scorecards: { levels: [{ id: 'a', title: 'A', rules }] },
              },
            },
          }),
          catalogServiceMock.factory(),
        ],
      });
    await expect(
      start([{ metric: 'acme.lineCoverage', op: '<=', value: 0.5 }]),
    ).rejects.toThrow('acme.lineCoverage allows only >=');
    await expect(
      start([{ metric: 'acme.branchCoverage', op: '>=', value: 0.5 }]),
    ).rejects.toThrow('unknown metric "acme.branchCoverage"');
  });
});

describe('ScorecardMetricRegistry', () => {
  const metric = (
    overrides: Partial<HardeningScorecardMetric> = {},
  ): HardeningScorecardMetric => ({
    name: 'deploys',
    type: 'count',
    title: 'Deploys',
    description: 'Deploys this week.',
    compute: async () => ({}),
    ...overrides,
  });

  it.each([
    [{ name: 'flakyTests' }, 'is a built-in metric'],
    [{ name: 'owner' }, 'is the name of a column of the org CSV export'],
    [{ name: '1bad' }, 'is not a metric name'],
    [{ type: 'freeze-state' as never }, 'has an unknown type'],
    [{ levelOps: ['is-true' as const] }, 'allows is-true'],
    [{ description: ' ' }, 'needs a title and a description'],
  ])('refuses %j', (overrides, message) => {
    expect(() => new ScorecardMetricRegistry().add(metric(overrides))).toThrow(
      message,
    );
  });

  it('refuses a name added twice', () => {
    const registry = new ScorecardMetricRegistry();
    registry.add(metric());
    expect(() => registry.add(metric())).toThrow('is added twice');
  });

  it('counts a throw or a value of the wrong type as no value, and logs it', async () => {
    const registry = new ScorecardMetricRegistry();
    registry.add(
      metric({
        compute: async () => ({
          'component:default/a': 2.5,
          'component:default/b': 3,
        }),
      }),
    );
    registry.add(
      metric({
        name: 'broken',
        compute: async () => {
          throw new Error('down');
        },
      }),
    );
    const logger = mockServices.logger.mock();
    const values = await registry.compute(
      ['component:default/a', 'component:default/b'],
      new Date(),
      logger,
    );
    expect(Object.fromEntries(values)).toEqual({
      'component:default/a': { deploys: null, broken: null },
      'component:default/b': { deploys: 3, broken: null },
    });
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
