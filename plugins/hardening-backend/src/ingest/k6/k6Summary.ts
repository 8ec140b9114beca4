import { InputError } from '@backstage/errors';
import type { K6SummaryForm } from '@hardening/backstage-plugin-hardening-common';

/**
 * A k6 end-of-test summary read into one shape, whichever of its two JSON forms it came
 * in. Only what the stress-run mapping needs is kept.
 */
export type K6Summary = {
  form: K6SummaryForm;
  /** Every metric's aggregated values by name: `count`, `passes`, `p(95)`, … */
  metrics: Map<string, Map<string, number>>;
  /** k6's own threshold verdicts, `ok` true when the threshold held. */
  thresholds: { metric: string; expression: string; ok: boolean }[];
  groups: K6Group[];
  /** Only in the `handleSummary` form (`state.testRunDurationMs`). */
  testRunDurationMs?: number;
};

export type K6Check = { name: string; passes: number; fails: number };

export type K6Group = { name: string; groups: K6Group[]; checks: K6Check[] };

/** Deeper group nesting than this is refused (k6 scripts nest a few levels at most). */
const MAX_GROUP_DEPTH = 32;
const MAX_METRICS = 10_000;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): InputError {
  return new InputError(`Invalid k6 summary: ${message}`);
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${where} must be a whole number of at least 0`);
  }
  return value;
}

/** Entries of an array (handleSummary) or of an object keyed by name (legacy export). */
function entries(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  throw invalid(`${where} must be a list or an object`);
}

function readGroup(value: unknown, where: string, depth: number): K6Group {
  if (depth > MAX_GROUP_DEPTH) {
    throw invalid(`groups are nested more than ${MAX_GROUP_DEPTH} deep`);
  }
  if (!isObject(value) || typeof value.name !== 'string') {
    throw invalid(`${where} must be a group with a name`);
  }
  const name = value.name;
  return {
    name,
    groups: entries(value.groups, `${where}.groups`).map((g, i) =>
      readGroup(g, `${where}.groups[${i}]`, depth + 1),
    ),
    checks: entries(value.checks, `${where}.checks`).map((c, i) => {
      const at = `${where}.checks[${i}]`;
      if (!isObject(c) || typeof c.name !== 'string') {
        throw invalid(`${at} must be a check with a name`);
      }
      return {
        name: c.name,
        passes: count(c.passes, `${at}.passes`),
        fails: count(c.fails, `${at}.fails`),
      };
    }),
  };
}

/** Aggregated values: numbers, with k6's `null` (a NaN it could not write) left out. */
function readValues(
  source: Json,
  where: string,
  skip: readonly string[],
): Map<string, number> {
  const values = new Map<string, number>();
  for (const [key, value] of Object.entries(source)) {
    if (skip.includes(key) || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalid(`${where}.${key} must be a number`);
    }
    values.set(key, value);
  }
  return values;
}

function detectForm(metrics: Json): K6SummaryForm {
  const withValues = Object.values(metrics).filter(
    m => isObject(m) && 'values' in m,
  ).length;
  if (withValues === Object.keys(metrics).length) return 'handle-summary';
  if (withValues === 0) return 'summary-export';
  throw invalid(
    'some metrics have "values" (handleSummary form) and some do not (--summary-export form)',
  );
}

/**
 * Reads k6's end-of-test summary in either of its JSON forms:
 *
 * - `handleSummary(data)` → `JSON.stringify(data)`: each metric is
 *   `{ type, contains, values: {…}, thresholds: { "<expr>": { ok } } }`, groups and checks
 *   are lists, and `state.testRunDurationMs` gives the run's length;
 * - the legacy `--summary-export` file: each metric's values sit on the metric itself, a
 *   rate metric's rate is called `value`, groups and checks are objects keyed by name,
 *   and each threshold is a boolean that is `true` when the threshold FAILED. It is
 *   inverted here, so `ok` means the same in both forms.
 */
export function readK6Summary(json: unknown): K6Summary {
  if (!isObject(json) || !isObject(json.metrics)) {
    throw invalid('expected an object with "metrics"');
  }
  const names = Object.keys(json.metrics);
  if (names.length === 0) {
    throw invalid('"metrics" is empty');
  }
  if (names.length > MAX_METRICS) {
    throw invalid(`more than ${MAX_METRICS} metrics`);
  }
  const form = detectForm(json.metrics);
  const metrics = new Map<string, Map<string, number>>();
  const thresholds: K6Summary['thresholds'] = [];

  for (const [name, metric] of Object.entries(json.metrics)) {
    const where = `metrics["${name}"]`;
    if (!isObject(metric)) {
      throw invalid(`${where} must be an object`);
    }
    if (form === 'handle-summary') {
      if (!isObject(metric.values)) {
        throw invalid(`${where}.values must be an object`);
      }
      metrics.set(name, readValues(metric.values, `${where}.values`, []));
    } else {
      const values = readValues(metric, where, ['thresholds']);
      // The legacy export renames a rate metric's `rate` to `value`.
      if (values.has('value') && values.has('passes') && !values.has('rate')) {
        values.set('rate', values.get('value')!);
      }
      metrics.set(name, values);
    }
    if (metric.thresholds === undefined) continue;
    if (!isObject(metric.thresholds)) {
      throw invalid(`${where}.thresholds must be an object`);
    }
    for (const [expression, verdict] of Object.entries(metric.thresholds)) {
      let ok: unknown;
      if (form === 'handle-summary') {
        ok = isObject(verdict) ? verdict.ok : undefined;
      } else {
        // --summary-export writes `true` for a threshold that failed.
        ok = typeof verdict === 'boolean' ? !verdict : undefined;
      }
      if (typeof ok !== 'boolean') {
        throw invalid(
          `${where}.thresholds["${expression}"] must be ${
            form === 'handle-summary' ? '{ "ok": true|false }' : 'true or false'
          }`,
        );
      }
      thresholds.push({ metric: name, expression, ok });
    }
  }
  thresholds.sort(
    (a, b) =>
      a.metric.localeCompare(b.metric) ||
      a.expression.localeCompare(b.expression),
  );

  const groups =
    json.root_group === undefined
      ? []
      : readGroup(json.root_group, 'root_group', 0).groups;
  const duration = isObject(json.state)
    ? json.state.testRunDurationMs
    : undefined;

  return {
    form,
    metrics,
    thresholds,
    groups,
    ...(typeof duration === 'number' &&
    Number.isFinite(duration) &&
    duration >= 0
      ? { testRunDurationMs: duration }
      : {}),
  };
}
