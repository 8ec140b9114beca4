import { InputError } from '@backstage/errors';
import {
  K6SummaryForm,
  K6ThresholdVerdict,
  StressPhase,
  StressRun,
  stressRunSchema,
  StressThresholds,
} from '@hardening/backstage-plugin-hardening-common';
import { K6Check, K6Group, readK6Summary } from './k6Summary';

export type K6ParseOptions = {
  /** What was stressed, e.g. `share-pack` (k6's summary does not say). */
  scenario: string;
  target?: string;
  /** When the run started; see {@link parseK6Summary} for the default. */
  startedAt?: string;
  finishedAt?: string;
  /** When the summary was received: the stand-in for the end of the run. */
  receivedAt: Date;
  thresholds: { maxErrorRate: number; p95Ms: number } & Partial<
    Pick<StressThresholds, 'happyPathZeroErrors' | 'negativePassRate'>
  >;
};

export type ParsedK6Summary = {
  form: K6SummaryForm;
  run: StressRun;
  thresholds: K6ThresholdVerdict[];
};

/** Name of the phase made of every HTTP request of the run. */
export const K6_HTTP_PHASE = 'http_reqs';

const MAX_PHASE_NAME = 200;

/** Top-level groups with one of these words in their name become negative phases. */
const NEGATIVE_GROUP = /(?:^|[^a-z])(?:negative|security)(?:[^a-z]|$)/i;

function invalid(message: string): InputError {
  return new InputError(`Invalid k6 summary: ${message}`);
}

function requireValue(
  metrics: Map<string, Map<string, number>>,
  metric: string,
  key: string,
  hint: string,
): number {
  const value = metrics.get(metric)?.get(key);
  if (value === undefined) {
    throw invalid(`metrics.${metric} has no "${key}": ${hint}`);
  }
  return value;
}

function wholeNumber(value: number, where: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${where} must be a whole number of at least 0`);
  }
  return value;
}

function checksOf(group: K6Group): K6Check[] {
  return [...group.checks, ...group.groups.flatMap(checksOf)];
}

function httpPhase(metrics: Map<string, Map<string, number>>): StressPhase {
  if (!metrics.has('http_reqs')) {
    throw invalid(
      'it has no http_reqs metric, so the run made no HTTP requests to judge',
    );
  }
  const requests = wholeNumber(
    requireValue(metrics, 'http_reqs', 'count', 'the request count is needed'),
    'http_reqs count',
  );
  if (!metrics.has('http_req_failed')) {
    throw invalid(
      'it has no http_req_failed metric (was the response callback set to null?), so failures cannot be counted',
    );
  }
  // A rate metric counts `true` samples as passes: for http_req_failed those are the
  // FAILED requests.
  const failed = wholeNumber(
    requireValue(metrics, 'http_req_failed', 'passes', 'failed requests'),
    'http_req_failed passes',
  );
  const succeeded = wholeNumber(
    requireValue(metrics, 'http_req_failed', 'fails', 'successful requests'),
    'http_req_failed fails',
  );
  if (failed + succeeded !== requests) {
    throw invalid(
      `http_req_failed covers ${
        failed + succeeded
      } requests but http_reqs counts ${requests}; requests made without a response callback cannot be judged`,
    );
  }
  const durations = metrics.get('http_req_duration');
  const p95 = durations?.get('p(95)');
  if (p95 === undefined) {
    throw invalid(
      'metrics.http_req_duration has no "p(95)": keep p(95) in summaryTrendStats',
    );
  }
  const latency: NonNullable<StressPhase['latencyMs']> = { p95 };
  const optional = [
    ['p50', 'med'],
    ['p90', 'p(90)'],
    ['p99', 'p(99)'],
    ['max', 'max'],
  ] as const;
  for (const [key, k6Key] of optional) {
    const value = durations?.get(k6Key);
    if (value !== undefined) latency[key] = value;
  }
  return {
    name: K6_HTTP_PHASE,
    kind: 'happy',
    requests,
    failures: failed,
    latencyMs: latency,
  };
}

function negativePhases(groups: K6Group[]): StressPhase[] {
  return groups
    .filter(group => NEGATIVE_GROUP.test(group.name))
    .map(group => {
      const checks = checksOf(group);
      return {
        // Phase names are at most 200 characters; k6 group names have no limit.
        name: group.name.trim().slice(0, MAX_PHASE_NAME),
        kind: 'negative' as const,
        requests: checks.reduce((sum, c) => sum + c.passes + c.fails, 0),
        failures: checks.reduce((sum, c) => sum + c.fails, 0),
      };
    });
}

function timing(
  options: K6ParseOptions,
  testRunDurationMs: number | undefined,
): { startedAt: string; finishedAt?: string } {
  const plus = (iso: string, ms: number) =>
    new Date(Date.parse(iso) + ms).toISOString();
  if (options.startedAt) {
    const finishedAt =
      options.finishedAt ??
      (testRunDurationMs === undefined ||
      Number.isNaN(Date.parse(options.startedAt))
        ? undefined
        : plus(options.startedAt, Math.round(testRunDurationMs)));
    return {
      startedAt: options.startedAt,
      ...(finishedAt ? { finishedAt } : {}),
    };
  }
  const finishedAt = options.finishedAt ?? options.receivedAt.toISOString();
  const startedAt =
    testRunDurationMs === undefined || Number.isNaN(Date.parse(finishedAt))
      ? finishedAt
      : plus(finishedAt, -Math.round(testRunDurationMs));
  return { startedAt, finishedAt };
}

/**
 * Turns a k6 end-of-test summary (either JSON form, see `readK6Summary`) into a stress
 * run:
 *
 * - one `happy` phase named `http_reqs` with every HTTP request of the run: requests from
 *   `http_reqs.count`, failures the exact count of `http_req_failed` (its `passes`, since
 *   that rate counts failed requests as true), latency from `http_req_duration`
 *   (`med`→p50, `p(90)`, `p(95)`, `p(99)`, `max`);
 * - one `negative` phase per top-level group whose name contains "negative" or
 *   "security": its requests are the checks run in that group (nested groups included)
 *   and its failures the checks that failed, so each check there should assert that the
 *   request was denied (e.g. `r.status === 403`).
 *
 * Times: `startedAt` and `finishedAt` when given; otherwise the receipt time stands in
 * for the end and the start is that minus `state.testRunDurationMs` (handleSummary form
 * only). k6's own threshold verdicts are returned as they are, normalised so `ok` means
 * the threshold held.
 */
export function parseK6Summary(
  json: unknown,
  options: K6ParseOptions,
): ParsedK6Summary {
  const summary = readK6Summary(json);
  const phases = [
    httpPhase(summary.metrics),
    ...negativePhases(summary.groups),
  ];
  const parsed = stressRunSchema.safeParse({
    scenario: options.scenario,
    ...(options.target ? { target: options.target } : {}),
    ...timing(options, summary.testRunDurationMs),
    phases,
    thresholds: options.thresholds,
  });
  if (!parsed.success) {
    throw invalid(
      parsed.error.issues
        .slice(0, 10)
        .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    );
  }
  return {
    form: summary.form,
    run: parsed.data,
    thresholds: summary.thresholds,
  };
}
