import type { ParsedTestReport } from '@hardening/backstage-plugin-hardening-common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type JunitParseOptions,
  parseJunitXml,
} from '../ingest/junit/JunitParser';

const FIXTURES = join(__dirname, '..', 'ingest', '__fixtures__', 'junit');

/** The bytes of a file in `src/ingest/__fixtures__/junit/`. */
export function junitFixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** An upload body handed over in the given pieces. */
export async function* chunks(
  ...parts: Array<Buffer | string>
): AsyncGenerator<Buffer | string> {
  for (const part of parts) {
    yield part;
  }
}

/** {@link parseJunitXml} of a whole document given at once. */
export function parseXml(
  xml: string | Buffer,
  options?: JunitParseOptions,
): Promise<ParsedTestReport> {
  return parseJunitXml(
    chunks(typeof xml === 'string' ? Buffer.from(xml) : xml),
    options,
  );
}

/** A report with one `<testsuite name="s">` holding `body`. */
export function suite(body: string, rootAttributes = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${rootAttributes}>\n<testsuite name="s">\n${body}\n</testsuite>\n</testsuites>\n`;
}

/** The jest-junit fixture with repeated titles, and the totals it must be stored with. */
export const jestRepeatedTitles = {
  file: 'jest-junit-repeated-titles.xml',
  totals: {
    tests: 8,
    passed: 5,
    failed: 1,
    errors: 0,
    skipped: 2,
    flaky: 0,
    durationMs: 91,
  },
};

/**
 * A report shaped like a large real one: `testcases` test cases of Java-like classes
 * (one suite of 100 per class, named after it), about 245 bytes of stored text per
 * test, one in 997 failing with a message.
 */
export function realisticJunit(testcases: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n'];
  for (let s = 0; s * 100 < testcases; s++) {
    const classname = `com.northwind.payments.refunds.RefundService${s}IntegrationTest`;
    parts.push(`<testsuite name="${classname}">\n`);
    for (let i = s * 100; i < Math.min(testcases, (s + 1) * 100); i++) {
      const failure =
        i % 997 === 0
          ? '<failure message="expected status 400 but was 500">at RefundService.refund</failure>'
          : '';
      parts.push(
        `<testcase classname="${classname}" name="shouldRejectRefundAboveCharge_${i}" time="0.012">${failure}</testcase>\n`,
      );
    }
    parts.push('</testsuite>\n');
  }
  parts.push('</testsuites>\n');
  return parts.join('');
}
