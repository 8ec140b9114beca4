import { evaluateStressRun, StressVerdict } from './evaluateStressRun';
import { StressRunInput, stressRunSchema } from './stressRun';

type PhaseInput = StressRunInput['phases'][number];

const happy = (patch: Partial<PhaseInput> = {}): PhaseInput => ({
  name: 'issue tokens',
  kind: 'happy',
  requests: 2000,
  failures: 0,
  latencyMs: { p50: 35, p95: 140, max: 420 },
  ...patch,
});

const read = (patch: Partial<PhaseInput> = {}): PhaseInput => ({
  name: 'open packs',
  kind: 'read',
  requests: 6000,
  failures: 12,
  latencyMs: { p95: 95 },
  ...patch,
});

const negative = (patch: Partial<PhaseInput> = {}): PhaseInput => ({
  name: 'forged and cross-tenant',
  kind: 'negative',
  requests: 300,
  failures: 0,
  expectedStatuses: [401, 403, 404],
  statusCounts: { '401': 100, '403': 120, '404': 80 },
  ...patch,
});

function evaluate(
  phases: PhaseInput[],
  thresholds: StressRunInput['thresholds'] = { maxErrorRate: 0.01, p95Ms: 500 },
) {
  return evaluateStressRun(
    stressRunSchema.parse({
      scenario: 'share-pack',
      startedAt: '2026-11-20T10:00:00Z',
      phases,
      thresholds,
    }),
  );
}

function verdict(
  verdicts: StressVerdict[],
  id: StressVerdict['id'],
  phase?: string,
): StressVerdict {
  const found = verdicts.filter(v => v.id === id && v.phase === phase);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('evaluateStressRun', () => {
  it('passes a run that meets every rule, with one verdict per rule and phase', () => {
    const result = evaluate([happy(), read(), negative()]);
    expect(result.passing).toBe(true);
    expect(result.verdicts.map(v => [v.id, v.phase, v.passing])).toEqual([
      ['happy-path-zero-errors', 'issue tokens', true],
      ['error-rate', 'issue tokens', true],
      ['error-rate', 'open packs', true],
      ['p95', 'issue tokens', true],
      ['p95', 'open packs', true],
      ['negative-denials', 'forged and cross-tenant', true],
    ]);
    expect(verdict(result.verdicts, 'error-rate', 'open packs')).toEqual({
      id: 'error-rate',
      phase: 'open packs',
      passing: true,
      actual: 0.002,
      limit: 0.01,
      message: '12 of 6000 requests failed (0.2%); must stay below 1%',
    });
  });

  it('fails the happy path on one failure in a million requests, although the rate rounds to 0%', () => {
    const result = evaluate([
      happy({ requests: 1_000_000, failures: 1 }),
      negative(),
    ]);
    expect(result.passing).toBe(false);
    expect(
      verdict(result.verdicts, 'happy-path-zero-errors', 'issue tokens'),
    ).toEqual({
      id: 'happy-path-zero-errors',
      phase: 'issue tokens',
      passing: false,
      actual: 1,
      limit: 0,
      message: '1 of 1000000 requests failed; the happy path allows none',
    });
    // The error-rate rule alone would have let it through.
    expect(verdict(result.verdicts, 'error-rate', 'issue tokens').passing).toBe(
      true,
    );
  });

  it('judges the happy path by the error rate only when happyPathZeroErrors is off', () => {
    const result = evaluate(
      [happy({ requests: 1_000_000, failures: 1 }), negative()],
      { maxErrorRate: 0.01, p95Ms: 500, happyPathZeroErrors: false },
    );
    expect(result.passing).toBe(true);
    expect(result.verdicts.map(v => v.id)).not.toContain(
      'happy-path-zero-errors',
    );
  });

  it('keeps the error rate strictly below maxErrorRate', () => {
    const under = evaluate([
      happy(),
      read({ requests: 1000, failures: 9 }),
      negative(),
    ]);
    expect(verdict(under.verdicts, 'error-rate', 'open packs').passing).toBe(
      true,
    );
    const at = evaluate([
      happy(),
      read({ requests: 1000, failures: 10 }),
      negative(),
    ]);
    expect(verdict(at.verdicts, 'error-rate', 'open packs')).toMatchObject({
      passing: false,
      actual: 0.01,
      limit: 0.01,
    });
  });

  it('keeps p95 strictly below p95Ms in every happy and read phase', () => {
    const result = evaluate([
      happy({ latencyMs: { p95: 499.9 } }),
      read({ latencyMs: { p95: 500 } }),
      negative(),
    ]);
    expect(verdict(result.verdicts, 'p95', 'issue tokens').passing).toBe(true);
    expect(verdict(result.verdicts, 'p95', 'open packs')).toEqual({
      id: 'p95',
      phase: 'open packs',
      passing: false,
      actual: 500,
      limit: 500,
      message: 'p95 500 ms; must stay below 500 ms',
    });
    expect(result.passing).toBe(false);
  });

  it('fails every rule for a phase that made no requests', () => {
    const result = evaluate([
      happy({ requests: 0, failures: 0 }),
      negative({ requests: 0, statusCounts: undefined }),
    ]);
    expect(result.passing).toBe(false);
    expect(result.verdicts.every(v => !v.passing)).toBe(true);
    expect(result.verdicts.map(v => [v.id, v.actual, v.message])).toEqual([
      [
        'happy-path-zero-errors',
        null,
        'phase "issue tokens" made no requests: a phase without requests is no evidence',
      ],
      [
        'error-rate',
        null,
        'phase "issue tokens" made no requests: a phase without requests is no evidence',
      ],
      [
        'p95',
        null,
        'phase "issue tokens" made no requests: a phase without requests is no evidence',
      ],
      [
        'negative-denials',
        null,
        'phase "forged and cross-tenant" made no requests: a phase without requests is no evidence',
      ],
    ]);
  });

  it('fails a negative phase in which a request got a 200', () => {
    const result = evaluate([
      happy(),
      negative({ statusCounts: { '200': 1, '403': 219, '404': 80 } }),
    ]);
    expect(result.passing).toBe(false);
    expect(
      verdict(result.verdicts, 'negative-denials', 'forged and cross-tenant'),
    ).toEqual({
      id: 'negative-denials',
      phase: 'forged and cross-tenant',
      passing: false,
      actual: 299 / 300,
      limit: 1,
      message:
        '299 of 300 requests denied as expected (expected 401/403/404) (99.7%); at least 100% required: 1 answered 200',
    });
  });

  it('fails a negative phase in which a request got a 500 or no answer at all', () => {
    const result = evaluate([
      happy(),
      negative({ statusCounts: { '0': 1, '403': 297, '500': 2 } }),
    ]);
    const denial = verdict(
      result.verdicts,
      'negative-denials',
      'forged and cross-tenant',
    );
    expect(denial.passing).toBe(false);
    expect(denial.message).toMatch(
      /1 answered nothing \(no response\), 2 answered 500$/,
    );
  });

  it('counts requests without a recorded status as not denied', () => {
    const result = evaluate([
      happy(),
      negative({ statusCounts: { '403': 290 } }),
    ]);
    const denial = verdict(
      result.verdicts,
      'negative-denials',
      'forged and cross-tenant',
    );
    expect(denial.passing).toBe(false);
    expect(denial.message).toMatch(/10 without a recorded status$/);
  });

  it("only accepts the phase's own expected statuses, and 401/403/404 when none are listed", () => {
    const only403 = evaluate([
      happy(),
      negative({
        expectedStatuses: [403],
        statusCounts: { '403': 299, '404': 1 },
      }),
    ]);
    expect(only403.passing).toBe(false);
    const defaults = evaluate([
      happy(),
      negative({
        expectedStatuses: undefined,
        statusCounts: { '401': 1, '403': 298, '404': 1 },
      }),
    ]);
    expect(defaults.passing).toBe(true);
  });

  it('takes the worse of the failure count and the status counts', () => {
    const result = evaluate([
      happy(),
      negative({ failures: 2, statusCounts: { '403': 300 } }),
    ]);
    const denial = verdict(
      result.verdicts,
      'negative-denials',
      'forged and cross-tenant',
    );
    expect(denial).toMatchObject({ passing: false, actual: 298 / 300 });
    expect(denial.message).toMatch(/2 counted as failures$/);
  });

  it('uses the failure count of a negative phase without status counts', () => {
    const denied = evaluate([
      happy(),
      negative({ statusCounts: undefined, expectedStatuses: undefined }),
    ]);
    expect(denied.passing).toBe(true);
    const leaked = evaluate([
      happy(),
      negative({ statusCounts: undefined, failures: 3 }),
    ]);
    expect(
      verdict(leaked.verdicts, 'negative-denials', 'forged and cross-tenant'),
    ).toMatchObject({
      passing: false,
      actual: 0.99,
      message:
        '297 of 300 requests denied as expected (99%); at least 100% required: 3 not denied as expected',
    });
  });

  it('allows a lower negative pass rate when the thresholds say so', () => {
    const thresholds = {
      maxErrorRate: 0.01,
      p95Ms: 500,
      negativePassRate: 0.99,
    };
    const phase = (n: number) =>
      negative({ requests: 100, statusCounts: { '200': n, '403': 100 - n } });
    expect(evaluate([happy(), phase(1)], thresholds).passing).toBe(true);
    expect(evaluate([happy(), phase(2)], thresholds).passing).toBe(false);
  });

  it('fails a run with no negative phase', () => {
    const result = evaluate([happy(), read()]);
    expect(result.passing).toBe(false);
    expect(verdict(result.verdicts, 'negative-denials')).toEqual({
      id: 'negative-denials',
      passing: false,
      actual: null,
      limit: 1,
      message: 'no negative/security phase in the run',
    });
  });

  it('fails a run with no happy phase, and one with only negative phases', () => {
    const readOnly = evaluate([read(), negative()]);
    expect(readOnly.passing).toBe(false);
    expect(verdict(readOnly.verdicts, 'happy-path-zero-errors').message).toBe(
      'no happy-path phase in the run',
    );
    const negativeOnly = evaluate([negative()]);
    expect(verdict(negativeOnly.verdicts, 'error-rate')).toMatchObject({
      passing: false,
      message: 'no happy or read phase in the run',
    });
    expect(verdict(negativeOnly.verdicts, 'p95').passing).toBe(false);
  });
});
