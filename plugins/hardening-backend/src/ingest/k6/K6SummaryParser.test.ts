import { InputError } from '@backstage/errors';
import { evaluateStressRun } from '@hardening/backstage-plugin-hardening-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { K6ParseOptions, parseK6Summary } from './K6SummaryParser';

const FIXTURES = join(__dirname, '..', '__fixtures__', 'k6');

type Json = Record<string, any>;

function fixture(name: 'handle-summary' | 'summary-export'): Json {
  return JSON.parse(
    readFileSync(join(FIXTURES, `share-pack.${name}.json`), 'utf8'),
  );
}

const options: K6ParseOptions = {
  scenario: 'share-pack',
  target: 'https://staging.example.test',
  startedAt: '2026-11-20T10:00:00.000Z',
  finishedAt: '2026-11-20T10:05:00.413Z',
  receivedAt: new Date('2026-11-20T10:06:00.000Z'),
  thresholds: { maxErrorRate: 0.01, p95Ms: 500 },
};

const NEGATIVE = 'negative: forged and expired tokens, cross-tenant';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the parse to fail, but it succeeded');
}

describe('parseK6Summary', () => {
  it('maps a handleSummary JSON to an http_reqs phase and a negative phase', () => {
    const parsed = parseK6Summary(fixture('handle-summary'), options);
    expect(parsed.form).toBe('handle-summary');
    expect(parsed.run).toEqual({
      scenario: 'share-pack',
      target: 'https://staging.example.test',
      startedAt: '2026-11-20T10:00:00.000Z',
      finishedAt: '2026-11-20T10:05:00.413Z',
      phases: [
        {
          name: 'http_reqs',
          kind: 'happy',
          requests: 48213,
          failures: 2,
          latencyMs: {
            p50: 61.8702,
            p90: 171.3004,
            p95: 236.8412,
            max: 1843.5512,
          },
        },
        // Checks of the group and of its nested "cross-tenant" group.
        { name: NEGATIVE, kind: 'negative', requests: 3600, failures: 0 },
      ],
      thresholds: {
        maxErrorRate: 0.01,
        p95Ms: 500,
        happyPathZeroErrors: true,
        negativePassRate: 1,
      },
    });
    expect(parsed.thresholds).toEqual([
      { metric: 'checks', expression: 'rate>0.99', ok: true },
      { metric: 'http_req_duration', expression: 'p(95)<500', ok: true },
      { metric: 'http_req_duration', expression: 'p(99)<1500', ok: true },
      { metric: 'http_req_failed', expression: 'rate<0.01', ok: true },
    ]);
  });

  it('gives the same run and verdicts for the legacy --summary-export of the same test', () => {
    const current = parseK6Summary(fixture('handle-summary'), options);
    const legacy = parseK6Summary(fixture('summary-export'), options);
    expect(legacy.form).toBe('summary-export');
    expect(legacy.run).toEqual(current.run);
    // The export writes `false` for these thresholds, meaning "not failed".
    expect(legacy.thresholds).toEqual(current.thresholds);
    expect(evaluateStressRun(legacy.run)).toEqual(
      evaluateStressRun(current.run),
    );
  });

  it('judges the 2 failed requests exactly although k6 rates them 0.004%', () => {
    const { run, thresholds } = parseK6Summary(
      fixture('summary-export'),
      options,
    );
    const evaluation = evaluateStressRun(run);
    expect(
      evaluation.verdicts.map(v => [v.id, v.phase, v.passing, v.actual]),
    ).toEqual([
      ['happy-path-zero-errors', 'http_reqs', false, 2],
      ['error-rate', 'http_reqs', true, 2 / 48213],
      ['p95', 'http_reqs', true, 236.8412],
      ['negative-denials', NEGATIVE, true, 1],
    ]);
    expect(evaluation.passing).toBe(false);
    // k6's own rate<0.01 threshold held.
    expect(thresholds.find(t => t.metric === 'http_req_failed')?.ok).toBe(true);
  });

  it('inverts the legacy threshold booleans, and reads handleSummary ok as it is', () => {
    const legacy = fixture('summary-export');
    legacy.metrics.http_req_duration.thresholds['p(95)<500'] = true;
    expect(
      parseK6Summary(legacy, options).thresholds.find(
        t => t.expression === 'p(95)<500',
      ),
    ).toEqual({
      metric: 'http_req_duration',
      expression: 'p(95)<500',
      ok: false,
    });

    const current = fixture('handle-summary');
    current.metrics.http_req_duration.thresholds['p(95)<500'] = { ok: false };
    expect(
      parseK6Summary(current, options).thresholds.find(
        t => t.expression === 'p(95)<500',
      )?.ok,
    ).toBe(false);
  });

  it('counts one failure in a million requests from the counts, not the rate', () => {
    const legacy = fixture('summary-export');
    legacy.metrics.http_reqs.count = 1_000_000;
    legacy.metrics.http_req_failed = {
      passes: 1,
      fails: 999_999,
      value: 0.000001,
      thresholds: { 'rate<0.01': false },
    };
    const { run } = parseK6Summary(legacy, options);
    expect(run.phases[0]).toMatchObject({ requests: 1_000_000, failures: 1 });
    expect(evaluateStressRun(run).verdicts[0]).toMatchObject({
      id: 'happy-path-zero-errors',
      passing: false,
      actual: 1,
    });
  });

  it('dates a run without startedAt back from its receipt by the test run duration', () => {
    const received = new Date('2026-11-20T10:06:00.000Z');
    const noTimes = { ...options, startedAt: undefined, finishedAt: undefined };
    expect(
      parseK6Summary(fixture('handle-summary'), noTimes).run,
    ).toMatchObject({
      startedAt: '2026-11-20T10:00:59.587Z',
      finishedAt: received.toISOString(),
    });
    // The legacy export has no run duration.
    expect(
      parseK6Summary(fixture('summary-export'), noTimes).run,
    ).toMatchObject({
      startedAt: received.toISOString(),
      finishedAt: received.toISOString(),
    });
    expect(
      parseK6Summary(fixture('handle-summary'), {
        ...noTimes,
        startedAt: '2026-11-20T09:00:00Z',
      }).run,
    ).toMatchObject({
      startedAt: '2026-11-20T09:00:00Z',
      finishedAt: '2026-11-20T09:05:00.413Z',
    });
  });

  it('maps every top-level group named negative or security, and no other', () => {
    const current = fixture('handle-summary');
    current.root_group.groups.push(
      {
        name: 'Security: rate limits',
        groups: [],
        checks: [{ name: 'burst gets 429', passes: 40, fails: 1 }],
      },
      {
        name: 'insecurity of the cache',
        groups: [],
        checks: [{ name: 'whatever', passes: 5, fails: 0 }],
      },
      { name: 'security_headers', groups: [], checks: [] },
    );
    const { run } = parseK6Summary(current, options);
    expect(
      run.phases.map(p => [p.name, p.kind, p.requests, p.failures]),
    ).toEqual([
      ['http_reqs', 'happy', 48213, 2],
      [NEGATIVE, 'negative', 3600, 0],
      ['Security: rate limits', 'negative', 41, 1],
      ['security_headers', 'negative', 0, 0],
    ]);
    // A security group without checks proves nothing: it fails, it is not dropped.
    const verdicts = evaluateStressRun(run).verdicts.filter(
      v => v.id === 'negative-denials',
    );
    expect(verdicts.map(v => [v.phase, v.passing])).toEqual([
      [NEGATIVE, true],
      ['Security: rate limits', false],
      ['security_headers', false],
    ]);
  });

  it('has no negative phase when the script has no such group', () => {
    const current = fixture('handle-summary');
    current.root_group.groups = [];
    const { run } = parseK6Summary(current, options);
    expect(run.phases).toHaveLength(1);
    expect(evaluateStressRun(run).verdicts.at(-1)).toMatchObject({
      id: 'negative-denials',
      passing: false,
      message: 'no negative/security phase in the run',
    });
  });

  it.each<[string, (json: Json) => unknown, RegExp]>([
    ['not an object', () => [1, 2], /expected an object with "metrics"/],
    ['no metrics', json => ({ ...json, metrics: {} }), /"metrics" is empty/],
    [
      'both forms mixed',
      json => {
        json.metrics.http_reqs = { count: 1, rate: 1 };
        return json;
      },
      /some metrics have "values"/,
    ],
    [
      'no http_reqs',
      json => {
        delete json.metrics.http_reqs;
        return json;
      },
      /no http_reqs metric/,
    ],
    [
      'no http_req_failed',
      json => {
        delete json.metrics.http_req_failed;
        return json;
      },
      /no http_req_failed metric/,
    ],
    [
      'http_req_failed not covering every request',
      json => {
        json.metrics.http_reqs.values.count = 48300;
        return json;
      },
      /http_req_failed covers 48213 requests but http_reqs counts 48300/,
    ],
    [
      'no p(95)',
      json => {
        delete json.metrics.http_req_duration.values['p(95)'];
        return json;
      },
      /keep p\(95\) in summaryTrendStats/,
    ],
    [
      'a fractional count',
      json => {
        json.metrics.http_req_failed.values.passes = 2.5;
        return json;
      },
      /http_req_failed passes must be a whole number/,
    ],
    [
      'a check with a text count',
      json => {
        json.root_group.groups[2].checks[0].fails = 'none';
        return json;
      },
      /root_group.groups\[2\].checks\[0\].fails must be a whole number/,
    ],
    [
      'a threshold without ok',
      json => {
        json.metrics.http_req_failed.thresholds['rate<0.01'] = true;
        return json;
      },
      /thresholds\["rate<0.01"\] must be \{ "ok": true\|false \}/,
    ],
    [
      'groups nested too deep',
      json => {
        let group: Json = { name: 'deep', groups: [], checks: [] };
        for (let i = 0; i < 40; i++) {
          group = { name: `level ${i}`, groups: [group], checks: [] };
        }
        json.root_group.groups = [group];
        return json;
      },
      /nested more than 32 deep/,
    ],
  ])('refuses a summary with %s (400)', (_name, mutate, message) => {
    const error = errorOf(() =>
      parseK6Summary(mutate(fixture('handle-summary')), options),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^Invalid k6 summary: /);
    expect(error.message).toMatch(message);
  });

  it('refuses a legacy threshold that is not a boolean', () => {
    const legacy = fixture('summary-export');
    legacy.metrics.http_req_failed.thresholds['rate<0.01'] = { ok: true };
    expect(errorOf(() => parseK6Summary(legacy, options)).message).toMatch(
      /thresholds\["rate<0.01"\] must be true or false/,
    );
  });

  it('refuses a scenario name the stress-run schema does not accept', () => {
    const error = errorOf(() =>
      parseK6Summary(fixture('handle-summary'), { ...options, scenario: ' ' }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/scenario/);
  });
});
