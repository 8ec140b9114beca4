/**
 * JUnit reports shaped to make folding and parsing slow if any step of it grows
 * faster than the report, or to make the backend hold far more than the report's own
 * size (used by the ingest tests and `yarn bench:ingest`).
 */

/**
 * The name of the i-th of many distinct tests whose ids `c::<name>` are exactly
 * 1024 characters long and differ only in their last two.
 */
export function longNameDifferingAtTheEnd(i: number): string {
  return `${'a'.repeat(1019)}${String.fromCharCode(
    0x4e00 + (i % 200),
    0x4e00 + Math.floor(i / 200),
  )}`;
}

/** `count` distinct 1024-character ids that differ at the end, each listed twice (passed). */
export function repeatedLongIds(count: number): string {
  const parts = ['<testsuite name="root">'];
  for (let i = 0; i < count; i++) {
    const testcase = `<testcase classname="c" name="${longNameDifferingAtTheEnd(
      i,
    )}"/>`;
    parts.push(testcase, testcase);
  }
  parts.push('</testsuite>');
  return parts.join('');
}

const FAILING_X = '<testcase classname="c" name="x"><failure/></testcase>';

/**
 * A suite with a failing `c::x`, then `nested` suites inside it each with a failing
 * `c::x`, then `retries` more failing `c::x` in the outer suite (retries of its first).
 */
export function retriesPastNestedSuites(
  nested: number,
  retries: number,
): string {
  return `<testsuite name="root">${FAILING_X}${`<testsuite name="n">${FAILING_X}</testsuite>`.repeat(
    nested,
  )}${FAILING_X.repeat(retries)}</testsuite>`;
}

/** The name of the d-th of the nested suites of {@link deepLongSuites}: 1000 characters. */
export function longSuiteName(depth: number): string {
  return String(depth).padStart(1000, 's');
}

/**
 * `depth` nested suites with 1000-character names, the innermost holding `testcases`
 * test cases named `t<i>`, without a classname (so their ids start with the whole path).
 */
export function deepLongSuites(depth: number, testcases: number): string {
  const parts = ['<testsuites>'];
  for (let d = 0; d < depth; d++) {
    parts.push(`<testsuite name="${longSuiteName(d)}">`);
  }
  for (let i = 0; i < testcases; i++) {
    parts.push(`<testcase name="t${i}"/>`);
  }
  parts.push('</testsuite>'.repeat(depth), '</testsuites>');
  return parts.join('');
}

/**
 * `depth` nested suites with 1000-character names, then `suites` short-named suites
 * `n<i>` inside them, each with one test case `c::t`.
 */
export function manySuitesUnderDeepLongSuites(
  depth: number,
  suites: number,
): string {
  const parts = ['<testsuites>'];
  for (let d = 0; d < depth; d++) {
    parts.push(`<testsuite name="${longSuiteName(d)}">`);
  }
  for (let i = 0; i < suites; i++) {
    parts.push(
      `<testsuite name="n${i}"><testcase classname="c" name="t"/></testsuite>`,
    );
  }
  parts.push('</testsuite>'.repeat(depth), '</testsuites>');
  return parts.join('');
}

/**
 * One suite whose `file` attribute is `fileLength` characters long, holding `testcases`
 * test cases `c::t<i>` without a file of their own: each inherits the suite's.
 */
export function suiteFileOnEveryTest(
  fileLength: number,
  testcases: number,
): string {
  const parts = [
    `<testsuites><testsuite name="s" file="${'f'.repeat(fileLength)}">`,
  ];
  for (let i = 0; i < testcases; i++) {
    parts.push(`<testcase classname="c" name="t${i}"/>`);
  }
  parts.push('</testsuite></testsuites>');
  return parts.join('');
}
