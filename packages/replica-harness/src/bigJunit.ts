import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/**
 * Writes a JUnit file of `testcases` passing tests (100 suites of equal size, one line of
 * output each), streamed to disk so the harness never holds it in memory; returns its size.
 */
export async function writeBigJunit(
  file: string,
  testcases: number,
): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const suites = 100;
  const perSuite = Math.ceil(testcases / suites);
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n');
  for (let s = 0, written = 0; written < testcases; s++) {
    const count = Math.min(perSuite, testcases - written);
    const lines = [`<testsuite name="killed-upload-${s}" tests="${count}">`];
    for (let t = 0; t < count; t++, written++) {
      lines.push(
        `<testcase classname="replicas.kill.s${s}" name="case ${written} survives a restart" time="0.002"><system-out>case ${written}</system-out></testcase>`,
      );
    }
    lines.push('</testsuite>\n');
    await write(lines.join('\n'));
  }
  await write('</testsuites>\n');
  out.end();
  await finished(out);
  return bytes;
}
