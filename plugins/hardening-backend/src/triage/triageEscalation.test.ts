import { escalateFailures, EscalationInput } from './triageEscalation';

const PAYMENTS = 'component:default/payments-api';
const firstSeen = '2026-11-19T08:00:00.000Z';

function failure(overrides: Partial<EscalationInput>): EscalationInput {
  return {
    entityRef: PAYMENTS,
    invariantId: 'TENANT-001',
    scenarioPrefix: 'BID',
    firstSeen,
    state: { status: 'open' },
    ...overrides,
  };
}

describe('escalateFailures', () => {
  const options = (now: string) => ({
    now: new Date(now),
    escalateAfterHours: 24,
  });

  it('escalates an open failure exactly when the configured hours have passed', () => {
    const input = [failure({})];
    expect(
      escalateFailures(input, options('2026-11-20T07:59:59.999Z')),
    ).toEqual([
      {
        unclassifiedTooLong: false,
        spansScenarioClasses: false,
        escalateAt: '2026-11-20T08:00:00.000Z',
      },
    ]);
    expect(
      escalateFailures(input, options('2026-11-20T08:00:00.000Z'))[0]
        .unclassifiedTooLong,
    ).toBe(true);
  });

  it('does not escalate classified failures, and counts a reopened one from its reopening', () => {
    const now = options('2026-11-25T00:00:00.000Z');
    const [classified, reopened] = escalateFailures(
      [
        failure({ state: { status: 'classified', class: 'flake' } }),
        failure({
          invariantId: 'IDEMP-001',
          state: {
            status: 'open',
            statusChangedAt: '2026-11-24T12:00:00.000Z',
          },
        }),
      ],
      now,
    );
    expect(classified).toEqual({
      unclassifiedTooLong: false,
      spansScenarioClasses: false,
    });
    expect(reopened).toEqual({
      unclassifiedTooLong: false,
      spansScenarioClasses: false,
      escalateAt: '2026-11-25T12:00:00.000Z',
    });
  });

  it('flags an invariant failing unresolved in several scenario classes of one entity', () => {
    const now = options('2026-11-19T09:00:00.000Z');
    const result = escalateFailures(
      [
        failure({ scenarioPrefix: 'BID' }),
        failure({ scenarioPrefix: 'SCH', state: { status: 'classified' } }),
        failure({ scenarioPrefix: 'BID', invariantId: 'IDEMP-001' }),
        // Another entity, and a closed failure, do not count.
        failure({
          entityRef: 'component:default/billing',
          scenarioPrefix: 'API',
        }),
        failure({ scenarioPrefix: 'UI', state: { status: 'fixed' } }),
      ],
      now,
    );
    expect(result.map(e => e.scenarioPrefixes)).toEqual([
      ['BID', 'SCH'],
      ['BID', 'SCH'],
      undefined,
      undefined,
      undefined,
    ]);
    expect(result.map(e => e.spansScenarioClasses)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
