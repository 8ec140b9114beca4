// Prints one line with the number of tests that passed and failed, from Jest's and
// Playwright's JSON reports (a missing report counts as nothing run).
import { existsSync, readFileSync } from 'node:fs';

const [jestFile, playwrightFile] = process.argv.slice(2);
const read = file =>
  file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;

let passed = 0;
let failed = 0;

const jest = read(jestFile);
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests;
  console.log(
    `  unit+db: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${jest.numPendingTests} skipped (${jest.numTotalTestSuites} suites)`,
  );
}

const playwright = read(playwrightFile);
if (playwright) {
  const {
    expected = 0,
    unexpected = 0,
    flaky = 0,
    skipped = 0,
  } = playwright.stats;
  passed += expected + flaky;
  failed += unexpected;
  console.log(
    `  e2e: ${
      expected + flaky
    } passed (${flaky} after a retry), ${unexpected} failed, ${skipped} skipped`,
  );
}

console.log(`${passed} passed, ${failed} failed`);
