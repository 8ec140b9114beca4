import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { createRouteTestKit, RouteDeps } from '../__testUtils__/routeTestKit';
import {
  fakeUrlReader,
  triageEntities,
  triageTestSettings,
} from '../__testUtils__/triageFixtures';
import { createRunbookRouter } from './runbookRouter';
import { createTriageServices } from './triageServices';

const base = '/entities/component/default/payments-api';

const uploaded = `---
title: Payments release runbook
last_updated: 2026-08-01
next_review: 2026-10-01
---

# Release

## Walkthroughs

### Canary

\`\`\`bash
yarn release:canary --percent 5
\`\`\`

Pass signal: error rate stays under 1% for 30 minutes.

## Known issues

| Issue | Severity | Status | Priority |
| --- | --- | --- | --- |
| Rollback leaves a stale flag | High | Open | P1 |
`;

describe('runbook routes', () => {
  const kit = createRouteTestKit({ entities: triageEntities });
  const urlReader = fakeUrlReader();

  function routes(deps: RouteDeps) {
    const services = createTriageServices({
      database: deps.knex,
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities: triageEntities }),
      permissions: mockServices.permissions(),
      urlReader,
      settings: triageTestSettings,
      clock: deps.clock,
    });
    return createRunbookRouter({
      ...services,
      ...deps,
      maxUploadBytes: 4096,
    });
  }
  const app = (allow = true) => kit.app(routes, { allow });
  const put = (id: string, body: string | Buffer, type = 'text/markdown') =>
    request(app())
      .put(`${base}/runbooks/${id}`)
      .set('Content-Type', type)
      .send(body);

  beforeAll(() => kit.setup());
  beforeEach(async () => {
    jest.clearAllMocks();
    await kit.clear('runbook_uploads');
  });

  it('lists the annotated runbooks, with an error for one that cannot be read', async () => {
    const res = await request(app()).get(`${base}/runbooks`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: 'triage',
        title: 'Payments triage',
        source: {
          kind: 'url',
          url: 'https://github.com/acme/payments-api/blob/main/docs/runbooks/triage.md',
          path: 'docs/runbooks/triage.md',
        },
        lastUpdated: '2026-10-01',
        nextReview: '2026-11-01',
        // Frozen today is 2026-11-20: the review is overdue.
        stale: true,
        staleReason: 'Its next review was due on 2026-11-01',
      },
      {
        id: 'missing',
        title: 'docs/missing.md',
        source: {
          kind: 'url',
          url: 'https://github.com/acme/payments-api/blob/main/docs/missing.md',
          path: 'docs/missing.md',
        },
        stale: false,
        error:
          'https://github.com/acme/payments-api/blob/main/docs/missing.md was not found',
      },
    ]);
    const one = await request(app()).get(`${base}/runbooks/triage`);
    expect(one.status).toBe(200);
    expect(one.body.walkthroughs).toEqual([
      expect.objectContaining({
        title: 'Reproduce one scenario',
        passSignals: ['the scenario is green twice with the same seed.'],
      }),
    ]);
    expect(one.body.prefixSections).toEqual({
      BID: 'bid--bidding',
      SCH: 'sch-scheduling',
    });
  });

  it('stores an upload, parses it, and keeps identical re-uploads', async () => {
    const created = await put('release', uploaded);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      created: true,
      changed: true,
      runbook: {
        id: 'release',
        title: 'Payments release runbook',
        source: {
          kind: 'upload',
          uploadedAt: kit.now.toISOString(),
          uploadedBy: 'user:default/ana',
        },
        lastUpdated: '2026-08-01',
        nextReview: '2026-10-01',
        stale: true,
        walkthroughs: [
          {
            sectionId: 'canary',
            title: 'Canary',
            commands: [
              {
                lang: 'bash',
                code: 'yarn release:canary --percent 5',
                sectionId: 'canary',
              },
            ],
            passSignals: ['error rate stays under 1% for 30 minutes.'],
          },
        ],
        knownIssues: [
          {
            title: 'Rollback leaves a stale flag',
            severity: 'High',
            status: 'Open',
            priority: 'P1',
          },
        ],
      },
    });
    expect(created.body.runbook.markdown.startsWith('\n# Release')).toBe(true);
    expect(kit.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'runbook-upload',
        meta: {
          entityRef: 'component:default/payments-api',
          runbookId: 'release',
        },
      }),
    );
    expect(kit.auditSuccess).toHaveBeenCalledWith({
      meta: expect.objectContaining({ created: true, changed: true }),
    });

    const again = await put('release', uploaded);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, changed: false });

    const listed = await request(app()).get(`${base}/runbooks`);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([
      'triage',
      'missing',
      'release',
    ]);
    expect(
      (await request(app()).get(`${base}/runbooks/release`)).body.title,
    ).toBe('Payments release runbook');
  });

  it('lets an upload take the place of an annotated file with its id', async () => {
    await put('triage', '# Triage, uploaded\n\nNext review: 2027-01-01\n');
    const listed = await request(app()).get(`${base}/runbooks`);
    expect(
      listed.body.items.map((r: { id: string; source: { kind: string } }) => [
        r.id,
        r.source.kind,
      ]),
    ).toEqual([
      ['missing', 'url'],
      ['triage', 'upload'],
    ]);
  });

  it('refuses bad uploads with 400, 403, 413 and 415 and stores nothing', async () => {
    const cases: [Promise<request.Response>, number][] = [
      [put('release', uploaded, 'application/json'), 415],
      [put('release', uploaded, 'text/html'), 415],
      [put('release', 'x'.repeat(5000)), 413],
      [put('release', Buffer.from([0x23, 0x20, 0xff, 0xfe])), 400],
      [put('release', '# a\u0000b'), 400],
      [put('release', '  \n'), 400],
      [put('Release', uploaded), 400],
      [put('x'.repeat(65), uploaded), 400],
      [
        request(app())
          .put(`${base}/runbooks/release`)
          .query({ force: '1' })
          .set('Content-Type', 'text/markdown')
          .send(uploaded),
        400,
      ],
      [
        request(app(false))
          .put(`${base}/runbooks/release`)
          .set('Content-Type', 'text/markdown')
          .send(uploaded),
        403,
      ],
      [
        request(app())
          .put(`${base}/runbooks/release`)
          .set('Authorization', 'Bearer mock-none-token')
          .set('Content-Type', 'text/markdown')
          .send(uploaded),
        401,
      ],
      [
        request(app())
          .put('/entities/component/default/nope/runbooks/release')
          .set('Content-Type', 'text/markdown')
          .send(uploaded),
        404,
      ],
    ];
    for (const [i, [response, status]] of cases.entries()) {
      const res = await response;
      expect([i, res.status]).toEqual([i, status]);
    }
    expect(await kit.count('runbook_uploads')).toBe(0);
    expect(kit.auditSuccess).not.toHaveBeenCalled();
    const tooLarge = await put('release', 'x'.repeat(5000));
    expect(tooLarge.body.error.message).toBe(
      'Runbook exceeds the limit of 4096 bytes (hardening.runbooks.maxUploadBytes)',
    );
  });

  it('answers 404 for an unknown runbook and 403 to callers who may not read', async () => {
    expect((await request(app()).get(`${base}/runbooks/nope`)).status).toBe(
      404,
    );
    expect((await request(app(false)).get(`${base}/runbooks`)).status).toBe(
      403,
    );
    expect(
      (await request(app()).get(`${base}/runbooks`).query({ x: '1' })).status,
    ).toBe(400);
  });
});
