import { InputError } from '@backstage/errors';
import {
  CiContext,
  StressRunFormat,
  stressRunFormatSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { parseUploadQueryWith } from './ciContextQuery';

/**
 * Default thresholds of a k6 upload, from the stress methodology: failure rate below 1 %,
 * p95 below 500 ms.
 */
export const DEFAULT_K6_THRESHOLDS = { maxErrorRate: 0.01, p95Ms: 500 };

const timestamp = z.iso.datetime({ offset: true });

const stressQueryShape = {
  format: stressRunFormatSchema.optional(),
  scenario: z.string().trim().min(1).max(200).optional(),
  target: z.string().trim().min(1).max(2048).optional(),
  startedAt: timestamp.optional(),
  finishedAt: timestamp.optional(),
  maxErrorRate: z.coerce.number().gt(0).max(1).optional(),
  p95Ms: z.coerce.number().gt(0).max(86_400_000).optional(),
};

/** What a k6 upload needs besides the summary, all from the query string. */
export type K6UploadParameters = {
  scenario?: string;
  target?: string;
  startedAt?: string;
  finishedAt?: string;
  maxErrorRate?: number;
  p95Ms?: number;
};

/** The query parameters that only make sense for k6 uploads. */
export const K6_ONLY_PARAMETERS: readonly (keyof K6UploadParameters)[] = [
  'scenario',
  'target',
  'startedAt',
  'finishedAt',
  'maxErrorRate',
  'p95Ms',
];

/**
 * Reads the query string of a stress-run upload: the CI context (`commit`, `branch`,
 * `runUrl`, `pipeline`, `tags`), the `format` (`native` or `k6`, detected from the body
 * when absent) and, for k6 uploads, what the summary does not say (`scenario`, `target`,
 * `startedAt`, `finishedAt`, `maxErrorRate`, `p95Ms`). Unknown parameters are a 400.
 */
export function parseStressRunQuery(query: unknown): {
  context: CiContext;
  format?: StressRunFormat;
  k6: K6UploadParameters;
} {
  const { context, params } = parseUploadQueryWith(query, stressQueryShape);
  const { format, ...rest } = params;
  const k6: K6UploadParameters = {};
  for (const key of K6_ONLY_PARAMETERS) {
    if (rest[key] !== undefined) {
      (k6 as Record<string, unknown>)[key] = rest[key];
    }
  }
  if (format === 'native' && Object.keys(k6).length > 0) {
    throw nativeWithK6Parameters(k6);
  }
  return { context, format, k6 };
}

/** A native document carries its own scenario, times and thresholds. */
export function nativeWithK6Parameters(k6: K6UploadParameters): InputError {
  return new InputError(
    `${Object.keys(k6).join(
      ', ',
    )} apply to k6 uploads only: a native stress run carries them in the document`,
  );
}
