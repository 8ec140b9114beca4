import type {
  HardeningTestReportLimits,
  HardeningTestResult,
  HardeningTestResultPlacement,
  HardeningTestResultSink,
} from '@hardening/backstage-plugin-hardening-node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { trxFormat } from './trxFormat';
import { parseTrxDuration } from './trxValues';

const fixture = readFileSync(
  resolve(__dirname, '__fixtures__/mstest-calculator.trx'),
);

const LIMITS: HardeningTestReportLimits = {
  maxTests: 500_000,
  maxDepth: 64,
  maxTestTextBytes: 128 * 1024 * 1024,
};

/** A sink that records what the parser hands it, as the backend's would receive it. */
function recordingSink() {
  const added: Array<HardeningTestResult & HardeningTestResultPlacement> = [];
  let tool: string | undefined;
  const sink: HardeningTestResultSink = {
    add: (result, placement) => added.push({ ...result, ...placement }),
    setTool: t => {
      tool = t;
    },
    describePosition: () => {},
  };
  return { sink, added, tool: () => tool };
}

/** The bytes in pieces of `size`, so that elements, text and UTF-8 split across chunks. */
async function* inPieces(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) {
    yield bytes.subarray(at, at + size);
  }
}

async function parse(
  bytes: Uint8Array | string,
  limits: Partial<HardeningTestReportLimits> = {},
  pieceSize = 7,
) {
  const body = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const recorded = recordingSink();
  await trxFormat.parse({
    body: inPieces(body, pieceSize),
    text: async () => Buffer.from(body).toString('utf8'),
    sink: recorded.sink,
    limits: { ...LIMITS, ...limits },
  });
  return recorded;
}

/** A TRX document around `results` and `definitions`. */
const trx = (results: string, definitions = '') =>
  `<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
<Results>${results}</Results><TestDefinitions>${definitions}</TestDefinitions></TestRun>`;

describe('the TRX format', () => {
  it('reads every UnitTestResult, data rows as tests of their own, in document order', async () => {
    const { added, tool } = await parse(fixture);
    expect(tool()).toBe('vstest (mstest)');
    expect(
      added.map(r => [r.classname, r.name, r.status, r.durationMs]),
    ).toEqual([
      ['Calc.Tests.CalculatorTests', 'Adds', 'passed', 12.346],
      ['Calc.Tests.CalculatorTests', 'DividesByZero', 'failed', 4],
      ['Calc.Tests.CalculatorTests', 'Rounds', 'skipped', 0],
      ['Calc.Tests.CalculatorTests', 'Parses', 'skipped', 1],
      ['Calc.Tests.CalculatorTests', 'Slow', 'error', 2000],
      ['Calc.Tests.CalculatorTests', 'Crashes', 'error', 500],
      ['Calc.Tests.CalculatorTests', 'Multiplies (2,3,6)', 'passed', 1],
      ['Calc.Tests.CalculatorTests', 'Multiplies (0,5,0)', 'passed', 2],
      ['Calc.Tests.CalculatorTests', 'Multiplies (-1,2,-3)', 'failed', 3],
      ['Calc.Tests.NetworkTests', 'Connects', 'failed', 1250],
      ['Calc.Tests.NetworkTests', 'Connects', 'passed', 750],
      ['Calc.Tests.NetworkTests', 'Resolves', 'error', 86_400_000],
    ]);
    // The assembly is the suite; the class and name make the test's identity.
    expect(new Set(added.map(r => r.suitePath?.join('/')))).toEqual(
      new Set(['Calc.Tests.dll']),
    );
    expect(added.every(r => r.testId === undefined)).toBe(true);
  });

  it('keeps the error message and stack trace, and says why a test timed out or was aborted', async () => {
    const { added } = await parse(fixture);
    const byName = new Map(added.map(r => [r.name, r]));
    expect(byName.get('DividesByZero')?.message).toBe(
      'Assert.ThrowsException failed. Expected exception type:<System.DivideByZeroException> but no exception was thrown.\n' +
        'at Calc.Tests.CalculatorTests.DividesByZero() in /src/Calc.Tests/CalculatorTests.cs:line 31',
    );
    expect(byName.get('Multiplies (-1,2,-3)')?.message).toMatch(
      /^Assert\.AreEqual failed\. Expected:<-3>\. Actual:<-2>\.\nat Calc\.Tests\.CalculatorTests\.Multiplies/,
    );
    expect(byName.get('Parses')?.message).toBe(
      'Assert.Inconclusive failed. Parser rewrite pending.',
    );
    expect(byName.get('Slow')?.message).toBe('Timed out');
    expect(byName.get('Crashes')?.message).toBe('Aborted');
    expect(byName.get('Adds')?.message).toBeUndefined();
    // <StdOut> is never kept.
    expect(added.some(r => r.message?.includes('retrying'))).toBe(false);
  });

  it('reads the same document whole or byte by byte', async () => {
    const whole = await parse(fixture, {}, fixture.length);
    const bytes = await parse(fixture, {}, 1);
    expect(bytes.added).toEqual(whole.added);
  });

  it('names rows without a testName after their test and row, and a result without a definition has no class', async () => {
    const { added } = await parse(
      trx(`<UnitTestResult testId="a" testName="Sums" outcome="Failed" duration="00:00:00.5">
        <InnerResults>
          <UnitTestResult testId="a" dataRowInfo="1" outcome="Passed" />
          <UnitTestResult testId="a" outcome="Failed" />
        </InnerResults>
      </UnitTestResult>
      <UnitTestResult testId="b" testName="Orphan" outcome="Warning" />`),
    );
    expect(added.map(r => [r.classname, r.name, r.status])).toEqual([
      [undefined, 'Sums (row 1)', 'passed'],
      [undefined, 'Sums (row 2)', 'failed'],
      [undefined, 'Orphan', 'passed'],
    ]);
  });

  it.each([
    ['00:00:01', 1000],
    ['00:01:00.25', 60_250],
    ['01:00:00.0000010', 3_600_000.001],
    ['2.03:04:05.5', 183_845_500],
  ])('reads the duration %s as %d ms', (value, ms) => {
    expect(parseTrxDuration(value)).toBeCloseTo(ms, 4);
  });

  it.each(['1.5', '00:60:00', 'PT1S', '', '-00:00:01'])(
    'leaves out a duration that is not a TimeSpan: %j',
    value => {
      expect(parseTrxDuration(value)).toBeUndefined();
    },
  );

  it('is chosen by its <TestRun> root, not by a JUnit document', () => {
    const sniff = trxFormat.sniff!;
    expect(sniff(fixture.subarray(0, 4096).toString('utf8'))).toBe(true);
    expect(sniff('<!-- run --><t:TestRun xmlns:t="x">')).toBe(true);
    expect(sniff('<?xml version="1.0"?><testsuites><testsuite/>')).toBe(false);
    expect(sniff('<TestRunner/>')).toBe(false);
  });

  describe('refuses hostile or broken input with a 400', () => {
    it.each([
      [
        'a DTD (billion laughs)',
        `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><TestRun><Results/></TestRun>`,
        /DTDs are not accepted in TRX reports/,
      ],
      [
        'an external entity',
        `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TestRun>&xxe;</TestRun>`,
        /DTDs are not accepted/,
      ],
      [
        'an undefined entity',
        trx(`<UnitTestResult testName="&xxe;" outcome="Passed"/>`),
        /Invalid TRX at line \d+, column \d+: .*entity/i,
      ],
      [
        'another root',
        '<testsuites/>',
        /root element must be <TestRun>, not <testsuites>/,
      ],
      [
        'an unknown outcome',
        trx(`<UnitTestResult testName="a" outcome="Sideways"/>`),
        /unknown outcome "Sideways"/,
      ],
      [
        'a result without an outcome',
        trx(`<UnitTestResult testName="a"/>`),
        /has no outcome/,
      ],
      [
        'a truncated document',
        fixture.subarray(0, 3000).toString('utf8'),
        /Invalid TRX at line \d+, column \d+: /,
      ],
    ])('%s', async (_what, text, message) => {
      await expect(parse(text)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    });

    it('elements nested deeper than the limit', async () => {
      const deep = `<TestRun>${'<a>'.repeat(70)}${'</a>'.repeat(70)}</TestRun>`;
      await expect(parse(deep)).rejects.toThrow(
        'elements are nested deeper than 64 levels',
      );
      await expect(parse(trx(''), { maxDepth: 1 })).rejects.toThrow(
        'nested deeper than 1 levels',
      );
    });

    it('invalid UTF-8', async () => {
      const bytes = Buffer.concat([
        Buffer.from('<TestRun><Results><UnitTestResult testName="caf'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('" outcome="Passed"/></Results></TestRun>'),
      ]);
      await expect(parse(bytes)).rejects.toThrow(/Invalid UTF-8 in TRX report/);
    });

    it('more results than the limit, and more text than the limit', async () => {
      const three = trx(
        '<UnitTestResult testName="a" outcome="Passed"/>'.repeat(3),
      );
      await expect(parse(three, { maxTests: 2 })).rejects.toThrow(
        'more than 2 test results',
      );
      await expect(parse(three, { maxTests: 3 })).resolves.toBeDefined();
      await expect(parse(fixture, { maxTestTextBytes: 1000 })).rejects.toThrow(
        /keeps more than 1000 bytes of test text/,
      );
    });
  });
});
