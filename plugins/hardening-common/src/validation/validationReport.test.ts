import {
  evaluateValidationReport,
  REQUIRED_VALIDATION_METRICS,
  validationReportSchema,
} from './validationReport';

const allPassing = REQUIRED_VALIDATION_METRICS.map(id => ({
  id,
  status: 'pass' as const,
}));

function report(metrics: unknown[], extra: Record<string, unknown> = {}) {
  return {
    environment: 'production',
    release: 'v2.4.0',
    checkedAt: '2026-11-20T09:30:00Z',
    metrics,
    ...extra,
  };
}

describe('validationReportSchema', () => {
  it('accepts the six named metrics and a team metric', () => {
    const parsed = validationReportSchema.parse(
      report([...allPassing, { id: 'backup.restore', status: 'pass' }]),
    );
    expect(parsed.metrics).toHaveLength(7);
  });

  it.each([
    [
      'a metric listed twice',
      report([...allPassing, { id: 'rbac', status: 'fail' }]),
    ],
    ['an unknown status', report([{ id: 'rbac', status: 'ok' }])],
    [
      'an id with capitals',
      report([{ id: 'TenantIsolation', status: 'pass' }]),
    ],
    [
      'an unknown field on a metric',
      report([{ id: 'rbac', status: 'pass', score: 1 }]),
    ],
    ['an unknown field on the report', report(allPassing, { passed: true })],
    [
      'a detail over 4096 characters',
      report([{ id: 'rbac', status: 'fail', detail: 'x'.repeat(4097) }]),
    ],
    ['no metrics', report([])],
    [
      'a checkedAt that is not a timestamp',
      report(allPassing, { checkedAt: 'yesterday' }),
    ],
    ['a missing environment', report(allPassing, { environment: undefined })],
  ])('refuses %s', (_name, input) => {
    expect(validationReportSchema.safeParse(input).success).toBe(false);
  });
});

describe('evaluateValidationReport', () => {
  it('passes when every required metric passed', () => {
    const result = evaluateValidationReport(
      validationReportSchema.parse(report(allPassing)),
    );
    expect(result.passing).toBe(true);
    expect(result.metrics.map(m => m.id)).toEqual([
      ...REQUIRED_VALIDATION_METRICS,
    ]);
  });

  it('fails a missing required metric with a message', () => {
    const result = evaluateValidationReport(
      validationReportSchema.parse(
        report(allPassing.filter(m => m.id !== 'rollback')),
      ),
    );
    expect(result.passing).toBe(false);
    expect(result.metrics.find(m => m.id === 'rollback')).toEqual({
      id: 'rollback',
      required: true,
      status: 'missing',
      passing: false,
      message: 'required metric "rollback" is missing from the report',
    });
  });

  it('fails a failed required metric and carries its detail', () => {
    const metrics = allPassing.map(m =>
      m.id === 'rbac'
        ? { id: 'rbac', status: 'fail', detail: 'viewer could delete invoices' }
        : m,
    );
    const result = evaluateValidationReport(
      validationReportSchema.parse(report(metrics)),
    );
    expect(result.passing).toBe(false);
    expect(result.metrics.find(m => m.id === 'rbac')).toMatchObject({
      status: 'fail',
      passing: false,
      message: 'failed: viewer could delete invoices',
    });
  });

  it('also fails on a failed metric that was not required', () => {
    const result = evaluateValidationReport(
      validationReportSchema.parse(
        report([...allPassing, { id: 'backup.restore', status: 'fail' }]),
      ),
    );
    expect(result.passing).toBe(false);
    expect(result.metrics.at(-1)).toEqual({
      id: 'backup.restore',
      required: false,
      status: 'fail',
      passing: false,
      message: 'failed',
    });
  });

  it('takes another list of required metrics', () => {
    const parsed = validationReportSchema.parse(
      report([{ id: 'rbac', status: 'pass' }]),
    );
    expect(evaluateValidationReport(parsed, ['rbac']).passing).toBe(true);
    expect(evaluateValidationReport(parsed).passing).toBe(false);
  });
});
