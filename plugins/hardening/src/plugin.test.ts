import { hardeningPlugin } from './plugin';

describe('hardeningPlugin', () => {
  it('provides the API, the entity tabs, the cards and the scorecards page under stable ids', () => {
    for (const id of [
      'api:hardening',
      'entity-content:hardening',
      'entity-card:hardening/milestone-freeze',
      'entity-content:hardening/triage',
      'entity-content:hardening/runbooks',
      'page:hardening/scorecards',
      'entity-card:hardening/group-scorecard',
      'entity-card:hardening/group-failure-clusters',
      'entity-card:hardening/entity-scorecard',
    ] as const) {
      expect(hardeningPlugin.getExtension(id)).toBeDefined();
    }
    expect(() =>
      hardeningPlugin.getExtension('entity-card:hardening/other' as any),
    ).toThrow();
  });
});
