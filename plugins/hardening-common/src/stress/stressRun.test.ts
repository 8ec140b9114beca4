import { StressRunInput, stressRunSchema } from './stressRun';

const valid: StressRunInput = {
  scenario: 'share-pack',
  target: 'https://staging.example.test',
  startedAt: '2026-11-20T10:00:00Z',
  finishedAt: '2026-11-20T10:05:00Z',
  phases: [
    {
      name: 'issue tokens',
      kind: 'happy',
      requests: 400,
      failures: 0,
      latencyMs: { p50: 40, p90: 90, p95: 120, p99: 210, max: 480 },
    },
    {
      name: 'cross-tenant',
      kind: 'negative',
      requests: 50,
      failures: 0,
      expectedStatuses: [403, 404],
      statusCounts: { '403': 30, '404': 20 },
    },
  ],
  thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
};

function issuesOf(input: unknown): string[] {
  const parsed = stressRunSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.error!.issues.map(i => `${i.path.join('.')}: ${i.message}`);
}

function withPhase(index: number, patch: Record<string, unknown>): unknown {
  return {
    ...valid,
    phases: valid.phases.map((p, i) => (i === index ? { ...p, ...patch } : p)),
  };
}

describe('stressRunSchema', () => {
  it('accepts a run and fills in the threshold defaults', () => {
    const run = stressRunSchema.parse(valid);
    expect(run.thresholds).toEqual({
      maxErrorRate: 0.01,
      p95Ms: 500,
      happyPathZeroErrors: true,
      negativePassRate: 1,
    });
    expect(run.phases).toHaveLength(2);
  });

  it.each([
    ['the run', { ...valid, extra: 1 }],
    ['a phase', withPhase(0, { errors: 3 })],
    [
      'the thresholds',
      { ...valid, thresholds: { p95Ms: 500, maxErrorRate: 0.01, p99Ms: 900 } },
    ],
    ['the latency', withPhase(0, { latencyMs: { p95: 120, p75: 80 } })],
  ])('refuses an unknown field in %s', (_where, input) => {
    expect(issuesOf(input).join('\n')).toMatch(/Unrecognized key/);
  });

  it('refuses more failures than requests', () => {
    expect(issuesOf(withPhase(0, { failures: 401 }))).toContain(
      'phases.0.failures: failures (401) exceed requests (400)',
    );
  });

  it('refuses status counts that add up to more than the requests', () => {
    expect(
      issuesOf(withPhase(1, { statusCounts: { '403': 40, '404': 20 } })),
    ).toContain(
      'phases.1.statusCounts: statusCounts add up to 60, more than the 50 requests',
    );
  });

  it.each([
    ['fractional requests', { requests: 10.5 }],
    ['negative failures', { failures: -1 }],
    ['a rate instead of a count', { failures: '0.1%' }],
  ])('refuses %s', (_name, patch) => {
    expect(issuesOf(withPhase(0, patch)).length).toBeGreaterThan(0);
  });

  it('requires latency for happy and read phases, not for negative ones', () => {
    expect(issuesOf(withPhase(0, { latencyMs: undefined }))).toContain(
      'phases.0.latencyMs: latencyMs (with p95) is required for happy phases',
    );
    expect(stressRunSchema.safeParse(valid).success).toBe(true);
  });

  it('keeps expected statuses to negative phases', () => {
    expect(issuesOf(withPhase(0, { expectedStatuses: [200] }))).toContain(
      'phases.0.expectedStatuses: expectedStatuses applies to negative phases only',
    );
  });

  it('refuses decreasing percentiles', () => {
    expect(
      issuesOf(withPhase(0, { latencyMs: { p50: 40, p95: 30, max: 500 } })),
    ).toContain(
      'phases.0.latencyMs.p95: p95 (30) is below p50 (40): percentiles must not decrease',
    );
  });

  it('refuses a phase name used twice', () => {
    const input = {
      ...valid,
      phases: [valid.phases[0], { ...valid.phases[0] }],
    };
    expect(issuesOf(input)).toContain(
      'phases.1.name: phase "issue tokens" appears more than once',
    );
  });

  it('refuses a status that is not an HTTP status', () => {
    expect(
      issuesOf(withPhase(1, { statusCounts: { '403': 10, ok: 40 } })).join(),
    ).toMatch(/statusCounts/);
    expect(
      stressRunSchema.safeParse(
        withPhase(1, { statusCounts: { '0': 1, '403': 49 } }),
      ).success,
    ).toBe(true);
  });

  it('refuses a run that finished before it started, and a missing start', () => {
    expect(
      issuesOf({ ...valid, finishedAt: '2026-11-20T09:00:00Z' }),
    ).toContain('finishedAt: finishedAt is before startedAt');
    expect(issuesOf({ ...valid, startedAt: undefined }).join()).toMatch(
      /^startedAt/,
    );
  });

  it('refuses a run without phases and thresholds outside their range', () => {
    expect(issuesOf({ ...valid, phases: [] }).join()).toMatch(/^phases/);
    expect(
      issuesOf({
        ...valid,
        thresholds: { maxErrorRate: 0, p95Ms: 500 },
      }).join(),
    ).toMatch(/^thresholds.maxErrorRate/);
    expect(
      issuesOf({
        ...valid,
        thresholds: { maxErrorRate: 1.5, p95Ms: 500 },
      }).join(),
    ).toMatch(/^thresholds.maxErrorRate/);
  });
});
