import { ConfigReader } from '@backstage/config';
import { readSeedConfig } from './seedConfig';

describe('readSeedConfig', () => {
  it('is off by default and with mode none', () => {
    expect(readSeedConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readSeedConfig(
        new ConfigReader({ hardening: { seed: { mode: 'none' } } }),
      ),
    ).toBeUndefined();
  });

  it('reads the mode and lower-cases the entity refs', () => {
    expect(
      readSeedConfig(
        new ConfigReader({
          hardening: {
            seed: {
              mode: 'golden',
              entities: ['Component:default/Payments-API'],
              days: 7,
            },
          },
        }),
      ),
    ).toEqual({
      mode: 'golden',
      entityRefs: ['component:default/payments-api'],
      days: 7,
    });
  });

  it('refuses an unknown mode with a message that lists the modes', () => {
    expect(() =>
      readSeedConfig(
        new ConfigReader({ hardening: { seed: { mode: 'demo' } } }),
      ),
    ).toThrow(
      'hardening.seed.mode must be one of none, e2e, golden, full; got "demo"',
    );
  });
});
