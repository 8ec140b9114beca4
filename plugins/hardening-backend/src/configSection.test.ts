import { ConfigReader } from '@backstage/config';
import { z } from 'zod';
import { invalidConfigIssues, parseConfigSection } from './configSection';

const schema = z.strictObject({
  limits: z.array(z.number().int().positive()).default([]),
});

describe('parseConfigSection', () => {
  it('reads an absent section as {}, with its defaults', () => {
    expect(
      parseConfigSection(new ConfigReader({}), 'hardening.demo', schema),
    ).toEqual({ limits: [] });
  });

  it('names the full key path of every invalid value', () => {
    const config = new ConfigReader({
      hardening: { demo: { limits: [1, -2], extra: true } },
    });
    expect(() => parseConfigSection(config, 'hardening.demo', schema)).toThrow(
      /^Invalid hardening\.demo configuration: hardening\.demo\.limits\.1: .+; hardening\.demo: .*extra/,
    );
  });

  it('reports checks made after parsing the same way', () => {
    expect(
      invalidConfigIssues('hardening.demo', [
        { path: ['limits', 0], message: 'is too large' },
      ]).message,
    ).toBe(
      'Invalid hardening.demo configuration: hardening.demo.limits.0: is too large',
    );
  });
});
