import {
  classifyTriageFailure,
  summarizeTriageFailures,
} from './classifyTriageFailure';

describe('classifyTriageFailure', () => {
  it('derives prefixes and the fingerprint of a well-identified failure', () => {
    expect(
      classifyTriageFailure({
        scenarioId: 'BID-001',
        invariantId: 'TENANT-001',
        title: 'leak',
      }),
    ).toEqual({
      scenarioId: 'BID-001',
      invariantId: 'TENANT-001',
      title: 'leak',
      fingerprint: 'BID-001|TENANT-001',
      scenarioPrefix: 'BID',
      invariantPrefix: 'TENANT',
      diagnosticsDefect: false,
      unknownTaxonomy: false,
    });
  });

  it.each([
    [{ invariantId: 'IDEMP-1' }, 'missing scenarioId'],
    [{ scenarioId: 'SCH-1' }, 'missing invariantId'],
    [{ title: 'it broke' }, 'missing scenarioId and invariantId'],
  ])('flags %j as a diagnostics defect (%s)', (failure, diagnosticsReason) => {
    expect(classifyTriageFailure(failure)).toMatchObject({
      diagnosticsDefect: true,
      diagnosticsReason,
      unknownTaxonomy: false,
    });
  });

  it('flags prefixes outside the taxonomy unless the organisation adds them', () => {
    const failure = { scenarioId: 'PAY-001', invariantId: 'LEDGER-2' };
    expect(classifyTriageFailure(failure)).toMatchObject({
      scenarioPrefix: 'PAY',
      invariantPrefix: 'LEDGER',
      unknownTaxonomy: true,
    });
    expect(
      classifyTriageFailure(failure, { scenarioPrefixes: ['PAY'] })
        .unknownTaxonomy,
    ).toBe(true);
    expect(
      classifyTriageFailure(failure, {
        scenarioPrefixes: ['PAY'],
        invariantPrefixes: ['LEDGER'],
      }).unknownTaxonomy,
    ).toBe(false);
    // A scenario prefix is not an invariant prefix.
    expect(
      classifyTriageFailure({ scenarioId: 'TENANT-1', invariantId: 'BID-1' })
        .unknownTaxonomy,
    ).toBe(true);
  });
});

describe('summarizeTriageFailures', () => {
  it('counts failures, defects and prefixes', () => {
    const failures = [
      { scenarioId: 'BID-001', invariantId: 'TENANT-001' },
      { scenarioId: 'BID-002', invariantId: 'IDEMP-001' },
      { scenarioId: 'constructor-1', invariantId: 'STATE-1' },
      { invariantId: 'TENANT-002' },
      { title: 'no ids' },
    ].map(f => classifyTriageFailure(f));
    expect(summarizeTriageFailures(failures, 'run-9')).toEqual({
      runId: 'run-9',
      failures: 5,
      diagnosticsDefects: 2,
      unknownTaxonomy: 1,
      byScenarioPrefix: { BID: 2, CONSTRUCTOR: 1 },
      byInvariantPrefix: { IDEMP: 1, STATE: 1, TENANT: 2 },
    });
  });
});
