import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { RunbookSummary } from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { Readable } from 'node:stream';
import request from 'supertest';
import { createRouteTestKit, RouteDeps } from '../__testUtils__/routeTestKit';
import {
  catalogLocation,
  failureIdOf,
  readResponse,
  storeTriageReport,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { readRepositoryReadPolicy } from '../repositoryReads/repositoryReadSettings';
import { createRunbookRouter } from './runbookRouter';
import { createTriageServices } from './triageServices';
import { createTriageWorkflowRouter } from './triageWorkflowRouter';

const ROOT = 'https://github.com/acme/steered-api/blob/main/';
const MANY_ROOT = 'https://github.com/acme/many-api/blob/main/';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
  };
}

/** Every way the runbooks annotation could try to leave the entity's own folder. */
const HOSTILE = [
  '../loot/a.md',
  '%2e%2e/%2e%2e/%2e%2e/evil/loot/blob/main/b.md',
  '%252e%252e/c.md',
  'https://evil.example.com/d.md',
  '//evil.example.com/e.md',
  'docs\\..\\..\\f.md',
  'docs/g.md?ref=evil',
  '/evil/loot/blob/main/h.md',
];

const entities = [
  // Its author points the source location at another organisation's repository.
  component('steered-api', {
    ...catalogLocation(`${ROOT}catalog-info.yaml`),
    'backstage.io/source-location':
      'url:https://github.com/evil/loot/tree/main/',
    'hardening.io/runbooks': ['docs/ok.md', ...HOSTILE, 'docs/huge.md'].join(
      ',',
    ),
    'hardening.io/defect-template':
      '%2e%2e/%2e%2e/%2e%2e/evil/loot/blob/main/DEFECT.md',
  }),
  component('many-api', {
    ...catalogLocation(`${MANY_ROOT}catalog-info.yaml`),
    'hardening.io/runbooks': 'r1.md, r2.md, r3.md, r4.md',
    'hardening.io/defect-template': 'DEFECT.md',
  }),
  component('elsewhere-api', {
    ...catalogLocation(
      'https://git.evil.example/acme/x/blob/main/catalog-info.yaml',
    ),
    'hardening.io/runbooks': 'docs/ok.md',
  }),
  component('demo-api', {
    'backstage.io/managed-by-location':
      'file:/srv/portal/examples/components.yaml',
    'backstage.io/source-location':
      'url:https://github.com/northwind-freight/payments-api/tree/main/',
    'hardening.io/runbooks': 'docs/ok.md',
  }),
];

/** A 1 GiB file, produced chunk by chunk; `pulled` counts the chunks read. */
function hugeStream(counter: { pulled: number }) {
  return new Readable({
    read() {
      counter.pulled += 1;
      this.push(counter.pulled > 16384 ? null : Buffer.alloc(65536, 0x61));
    },
  });
}

describe('repository reads through the runbook and defect routes', () => {
  const kit = createRouteTestKit({ entities });
  const huge = { pulled: 0 };
  const repository: Record<string, string> = {
    [`${ROOT}docs/ok.md`]: '# Steered, but read at home\n\n## BID bidding\n',
    [`${MANY_ROOT}DEFECT.md`]: 'Many: {{scenarioId}}\n',
    [`${MANY_ROOT}r1.md`]: '# R1\n',
    [`${MANY_ROOT}r2.md`]: '# R2\n',
    [`${MANY_ROOT}r3.md`]: '# R3\n',
    [`${MANY_ROOT}r4.md`]: '# R4\n',
  };
  const urlReader = mockServices.urlReader.mock({
    readUrl: jest.fn(async (url: string) => {
      if (url === `${ROOT}docs/huge.md`) {
        return {
          buffer: async () => {
            throw new Error('the whole file was asked for');
          },
          stream: () => hugeStream(huge),
        };
      }
      const text = repository[url];
      if (text === undefined) throw new NotFoundError(`${url} not found`);
      return readResponse(text);
    }),
  });
  const requested = () => urlReader.readUrl.mock.calls.map(c => c[0]);

  function routes(deps: RouteDeps) {
    const services = createTriageServices({
      database: deps.knex,
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities }),
      permissions: mockServices.permissions(),
      urlReader,
      repositoryReads: readRepositoryReadPolicy(
        new ConfigReader({
          hardening: { repositoryReads: { maxFilesPerRequest: 3 } },
        }),
      ),
      settings: triageTestSettings,
      clock: deps.clock,
    });
    return Router()
      .use(createRunbookRouter({ ...services, ...deps, maxUploadBytes: 4096 }))
      .use(createTriageWorkflowRouter({ ...services, ...deps }));
  }
  const get = (path: string) => request(kit.app(routes)).get(path);
  const runbooks = async (name: string) => {
    const res = await get(`/entities/component/default/${name}/runbooks`);
    expect(res.status).toBe(200);
    return res.body.items as RunbookSummary[];
  };

  beforeAll(() => kit.setup());
  beforeEach(() => {
    jest.clearAllMocks();
    huge.pulled = 0;
  });

  it('reads only under the folder of the catalog file and names the rule of every refusal', async () => {
    const items = await runbooks('steered-api');

    expect(items[0]).toMatchObject({
      id: 'ok',
      title: 'Steered, but read at home',
      source: { kind: 'url', url: `${ROOT}docs/ok.md`, path: 'docs/ok.md' },
    });
    expect(
      items
        .slice(1)
        .map(i => [i.source.kind === 'url' && i.source.path, i.refusedBy]),
    ).toEqual([
      ['../loot/a.md', 'path-parent'],
      ['%2e%2e/%2e%2e/%2e%2e/evil/loot/blob/main/b.md', 'path-parent'],
      ['%252e%252e/c.md', 'path-parent'],
      ['https://evil.example.com/d.md', 'path-absolute'],
      ['//evil.example.com/e.md', 'path-absolute'],
      ['docs\\..\\..\\f.md', 'path-invalid'],
      ['docs/g.md?ref=evil', 'path-query'],
      ['/evil/loot/blob/main/h.md', 'path-absolute'],
      ['docs/huge.md', 'file-too-large'],
    ]);
    for (const item of items.slice(1)) {
      expect(item.error).toMatch(new RegExp(`^refused by ${item.refusedBy}: `));
    }
    // Nothing but the two files under the entity's own folder was ever asked for.
    expect(requested()).toEqual([`${ROOT}docs/ok.md`, `${ROOT}docs/huge.md`]);
  });

  it('stops reading a 1 GiB file at the runbook limit and answers 413 for it', async () => {
    const res = await get(
      '/entities/component/default/steered-api/runbooks/huge',
    );

    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({
      name: 'RepositoryReadRefusedError',
      rule: 'file-too-large',
      message: `Runbook huge was not read: refused by file-too-large: ${ROOT}docs/huge.md is larger than 1048576 bytes (hardening.runbooks.maxUploadBytes); reading stopped there: make the file smaller`,
    });
    // 1 MiB is 16 chunks of 64 KiB: the read stopped right after the 17th.
    expect(huge.pulled).toBeLessThanOrEqual(20);
  });

  it.each([
    ['steered-api', 'a', 422, 'path-parent'],
    ['steered-api', 'd', 422, 'path-absolute'],
    ['elsewhere-api', 'ok', 403, 'host-not-allowed'],
    ['demo-api', 'ok', 422, 'location-unsupported'],
    ['many-api', 'r4', 422, 'too-many-files'],
  ])(
    'answers GET …/%s/runbooks/%s with %i naming %s',
    async (name, id, status, rule) => {
      const res = await get(
        `/entities/component/default/${name}/runbooks/${id}`,
      );
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({
        name: 'RepositoryReadRefusedError',
        rule,
        message: expect.stringContaining(`refused by ${rule}: `),
      });
      for (const url of requested()) {
        expect(url.startsWith(ROOT) || url.startsWith(MANY_ROOT)).toBe(true);
      }
    },
  );

  it('reads at most maxFilesPerRequest files in one request', async () => {
    const items = await runbooks('many-api');

    expect(items.map(i => [i.id, i.refusedBy ?? 'read'])).toEqual([
      ['r1', 'read'],
      ['r2', 'read'],
      ['r3', 'read'],
      ['r4', 'too-many-files'],
    ]);
    expect(items[3].error).toBe(
      `refused by too-many-files: ${MANY_ROOT}r4.md was not read: one request reads at most 3 repository files (hardening.repositoryReads.maxFilesPerRequest); raise the limit or name fewer files`,
    );
    expect(requested()).toEqual([
      `${MANY_ROOT}r1.md`,
      `${MANY_ROOT}r2.md`,
      `${MANY_ROOT}r3.md`,
    ]);
  });

  describe('GET …/defect', () => {
    async function defect(name: string) {
      const entityRef = `component:default/${name}`;
      await storeTriageReport(kit.knex, {
        entityRef,
        now: kit.now,
        hoursAgo: 1,
        commit: 'abcdef0',
        failures: [{ scenarioId: 'BID-001', invariantId: 'TENANT-001' }],
      });
      const id = await failureIdOf(kit.knex, entityRef, 'BID-001');
      const res = await get(
        `/entities/component/default/${name}/triage/failures/${id}/defect`,
      );
      expect(res.status).toBe(200);
      return res.body;
    }

    it('refuses a steered template, says why, and falls back without reading it', async () => {
      const body = await defect('steered-api');

      expect(body.template).toEqual({
        kind: 'default',
        refusedBy: 'path-parent',
        warning:
          'hardening.io/defect-template was not used: refused by path-parent: "%2e%2e/%2e%2e/%2e%2e/evil/loot/blob/main/DEFECT.md" climbs out of the folder of the entity\'s catalog file with "..": only files in that folder or below it are read',
      });
      // The runbook section still comes from the entity's own folder.
      expect(body.fields.runbookUrl).toBe(`${ROOT}docs/ok.md#bid-bidding`);
      expect(requested()).toEqual([`${ROOT}docs/ok.md`, `${ROOT}docs/huge.md`]);
    });

    it('reads the template first, then runbooks within the same file budget', async () => {
      const body = await defect('many-api');

      expect(body.template).toEqual({
        kind: 'annotation',
        ref: `${MANY_ROOT}DEFECT.md`,
      });
      expect(body.markdown).toBe('Many: BID-001\n');
      expect(requested()).toEqual([
        `${MANY_ROOT}DEFECT.md`,
        `${MANY_ROOT}r1.md`,
        `${MANY_ROOT}r2.md`,
      ]);
    });
  });
});
