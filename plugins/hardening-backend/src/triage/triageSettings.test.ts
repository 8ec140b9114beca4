import { ConfigReader } from '@backstage/config';
import { DEFAULT_TRIAGE_SETTINGS, readTriageSettings } from './triageSettings';

const read = (hardening: object) =>
  readTriageSettings(new ConfigReader({ hardening }));

describe('readTriageSettings', () => {
  it('has defaults when nothing is configured', () => {
    expect(readTriageSettings(new ConfigReader({}))).toEqual(
      DEFAULT_TRIAGE_SETTINGS,
    );
  });

  it('compiles rules, normalises group refs and prefixes', () => {
    const settings = read({
      triage: {
        rules: [
          {
            name: 'drift',
            class: 'data-schema-drift',
            messagePattern: 'relation "\\w+" does not exist',
          },
          { name: 'harness trace', class: 'harness', tracePattern: 'harness/' },
        ],
        taxonomy: {
          scenarioPrefixes: ['pay'],
          invariantPrefixes: ['LEDGER'],
          labels: { PAY: 'Payouts' },
        },
        routing: {
          'infra-ci': 'ci-maintainers',
          flake: 'group:qa/Flake-Squad',
        },
        escalateAfterHours: 4,
        defectTemplates: {
          'group:default/team-payments': '# {{title}}',
          'team-risk': '{{observed}}',
        },
        reproCommand: 'yarn test:integration -t "{{scenarioId}}"',
      },
      runbooks: { maxUploadBytes: 2048, staleAfterDays: 90 },
    });
    expect(
      settings.rules.map(r => [
        r.name,
        r.messagePattern?.source,
        r.tracePattern?.source,
      ]),
    ).toEqual([
      ['drift', 'relation "\\w+" does not exist', undefined],
      ['harness trace', undefined, 'harness\\/'],
    ]);
    expect(settings.taxonomy).toEqual({
      scenarioPrefixes: ['PAY'],
      invariantPrefixes: ['LEDGER'],
      labels: { PAY: 'Payouts' },
    });
    expect(settings.routing).toEqual({
      'infra-ci': 'group:default/ci-maintainers',
      flake: 'group:qa/flake-squad',
    });
    expect(settings.escalateAfterHours).toBe(4);
    expect(Object.keys(settings.defectTemplates)).toEqual([
      'group:default/team-payments',
      'group:default/team-risk',
    ]);
    expect(settings.runbooks).toEqual({
      maxUploadBytes: 2048,
      staleAfterDays: 90,
    });
  });

  it.each([
    [
      {
        triage: {
          rules: [{ name: 'x', class: 'infra-ci', messagePattern: '(' }],
        },
      },
      'hardening.triage.rules.0.messagePattern: invalid regular expression',
    ],
    [
      { triage: { rules: [{ name: 'x', class: 'infra-ci' }] } },
      'a rule needs a messagePattern, a tracePattern or both',
    ],
    [
      {
        triage: {
          rules: [{ name: 'x', class: 'network', messagePattern: 'a' }],
        },
      },
      'hardening.triage.rules.0.class',
    ],
    [
      {
        triage: {
          rules: [
            { name: 'x', class: 'flake', messagePattern: 'a' },
            { name: 'x', class: 'flake', messagePattern: 'b' },
          ],
        },
      },
      'rule names must be unique',
    ],
    [
      { triage: { routing: { 'infra-ci': 'group:' } } },
      'hardening.triage.routing.infra-ci',
    ],
    [
      { triage: { routing: { networking: 'team-a' } } },
      'hardening.triage.routing',
    ],
    [
      { triage: { escalateAfterHours: 0 } },
      'hardening.triage.escalateAfterHours',
    ],
    [
      { triage: { taxonomy: { scenarioPrefixes: ['P-1'] } } },
      'prefixes are letters',
    ],
    [
      { triage: { defectTemplates: { 'group:': 'x' } } },
      'hardening.triage.defectTemplates.group:',
    ],
    [{ triage: { unknown: true } }, 'hardening.triage'],
    [{ runbooks: { maxUploadBytes: 10 } }, 'hardening.runbooks.maxUploadBytes'],
  ])('refuses %j at start-up', (hardening, message) => {
    expect(() => read(hardening)).toThrow(message);
  });
});
