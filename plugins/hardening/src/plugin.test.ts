import { hardeningPlugin } from './plugin';

describe('hardeningPlugin', () => {
  it('provides the API, the entity tab and the overview card under stable ids', () => {
    for (const id of [
      'api:hardening',
      'entity-content:hardening',
      'entity-card:hardening/milestone-freeze',
    ] as const) {
      expect(hardeningPlugin.getExtension(id)).toBeDefined();
    }
    expect(() =>
      hardeningPlugin.getExtension('entity-card:hardening/other' as any),
    ).toThrow();
  });
});
