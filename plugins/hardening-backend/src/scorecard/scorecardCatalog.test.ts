import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { orgEntities } from '../__testUtils__/scorecardFixtures';
import { ScorecardCatalog } from './scorecardCatalog';

const ANA = mockCredentials.user('user:default/ana');
const BO = mockCredentials.user('user:default/bo');

describe('ScorecardCatalog listings', () => {
  let now: number;
  let catalog: ReturnType<typeof catalogServiceMock>;
  let getEntities: jest.SpyInstance;

  const scorecardCatalog = (cacheTtlMs?: number) =>
    new ScorecardCatalog({
      auth: mockServices.auth(),
      catalog,
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      kinds: ['Component'],
      tierLabel: 'tier',
      cacheTtlMs,
      now: () => now,
    });

  beforeEach(() => {
    now = Date.parse('2026-11-20T12:00:00.000Z');
    catalog = catalogServiceMock({ entities: orgEntities });
    getEntities = jest.spyOn(catalog, 'getEntities');
  });

  it('reads the catalog on every call by default', async () => {
    const c = scorecardCatalog();
    await c.entities(ANA);
    await c.entities(ANA);
    await c.groups(ANA);
    await c.groups(ANA);
    expect(getEntities).toHaveBeenCalledTimes(4);
  });

  it('remembers each caller’s listing for the ttl, sharing one read in flight', async () => {
    const c = scorecardCatalog(5_000);
    const [first, concurrent] = await Promise.all([
      c.entities(ANA),
      c.entities(ANA),
    ]);
    expect(concurrent).toBe(first);
    expect(first.map(e => e.entityRef)).toContain(
      'component:default/payments-api',
    );
    now += 4_999;
    expect(await c.entities(ANA)).toBe(first);
    expect(getEntities).toHaveBeenCalledTimes(1);

    // Another caller gets its own listing, with its own credentials.
    await c.entities(BO);
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(getEntities.mock.calls[1][1]).toEqual({ credentials: BO });

    now += 1;
    expect(await c.entities(ANA)).not.toBe(first);
    expect(getEntities).toHaveBeenCalledTimes(3);
  });

  it('does not remember a listing that failed', async () => {
    const c = scorecardCatalog(5_000);
    getEntities.mockRejectedValueOnce(new Error('catalog is down'));
    await expect(c.groups(ANA)).rejects.toThrow('catalog is down');
    const groups = await c.groups(ANA);
    expect(groups.has('group:default/payments')).toBe(true);
    expect(await c.groups(ANA)).toBe(groups);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });
});
