import { createReadStream, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseJunitXmlFolded } from '../src/ingest/junit/JunitParser';
function junitFile(testcases: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n'];
  const perSuite = 1000;
  for (let s = 0; s < testcases / perSuite; s += 1) {
    parts.push(`<testsuite name="suite-${s}" tests="${perSuite}">\n`);
    for (let t = 0; t < perSuite; t += 1) {
      const i = s * perSuite + t;
      let body = '';
      if (i % 997 === 0) body = `<failure message="expected 200, got 500">at suite-${s}.test.ts:${t}</failure>`;
      else if (i % 5003 === 0) body = '<flakyFailure message="ECONNRESET"/>';
      parts.push(`<testcase classname="bench.suite${s}" name="case ${i} does the thing" time="0.0${t % 10}1">${body}<system-out>log line for case ${i}</system-out></testcase>\n`);
    }
    parts.push('</testsuite>\n');
  }
  parts.push('</testsuites>\n');
  return parts.join('');
}
async function main() {
  writeFileSync('/tmp/junit100k.xml', junitFile(100000));
  for (let r = 0; r < 4; r++) {
    const started = performance.now();
    const report = await parseJunitXmlFolded(createReadStream('/tmp/junit100k.xml'));
    let n = 0; for (const _ of report.cases) n++;
    console.log('parse', n, (performance.now() - started).toFixed(0), 'ms');
  }
}
main();
