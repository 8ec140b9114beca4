import { chooseFormat, findUploadKind } from './evidenceKinds';

const kind = (name: string) => findUploadKind(name)!;

describe('chooseFormat', () => {
  it('tells JUnit from CTRF by the file name or its first character', () => {
    const testReport = kind('test-report');
    expect(chooseFormat(testReport, 'report.xml', '', undefined)).toEqual({
      format: expect.objectContaining({
        name: 'junit',
        contentType: 'application/xml',
      }),
    });
    expect(
      chooseFormat(testReport, 'out', '\uFEFF  <testsuites>', undefined),
    ).toEqual({ format: expect.objectContaining({ name: 'junit' }) });
    expect(
      chooseFormat(testReport, 'ctrf.json', '{"results":', undefined),
    ).toEqual({
      format: expect.objectContaining({
        name: 'ctrf',
        contentType: 'application/json',
      }),
    });
  });

  it('tells TRX by its extension or its <TestRun> root', () => {
    const testReport = kind('test-report');
    expect(chooseFormat(testReport, 'results.trx', '', undefined)).toEqual({
      format: expect.objectContaining({
        name: 'trx',
        contentType: 'application/xml',
        query: 'trx',
      }),
    });
    expect(
      chooseFormat(
        testReport,
        'renamed.xml',
        '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<TestRun id="1">',
        undefined,
      ),
    ).toEqual({ format: expect.objectContaining({ name: 'trx' }) });
    expect(
      chooseFormat(testReport, 'out.xml', '<TestRunner/>', undefined),
    ).toEqual({ format: expect.objectContaining({ name: 'junit' }) });
  });

  it('tells SARIF from native contract results', () => {
    const results = kind('contract-results');
    expect(chooseFormat(results, 'gates.sarif', '', undefined)).toEqual({
      format: expect.objectContaining({
        contentType: 'application/sarif+json',
      }),
    });
    expect(
      chooseFormat(
        results,
        'out.json',
        '{"version": "2.1.0", "runs": [',
        undefined,
      ),
    ).toEqual({ format: expect.objectContaining({ name: 'sarif' }) });
    expect(
      chooseFormat(results, 'out.json', '{"results": []}', undefined),
    ).toEqual({
      format: expect.objectContaining({ name: 'native' }),
    });
  });

  it('sends an explicit format as ?format= and refuses one the kind does not have', () => {
    expect(chooseFormat(kind('stress-run'), 'k6.json', '{', 'k6')).toEqual({
      format: expect.objectContaining({ name: 'k6' }),
      query: 'k6',
    });
    expect(chooseFormat(kind('test-report'), 'x', '', 'sarif')).toEqual({
      error: 'test-report uploads are junit, ctrf or trx, not "sarif"',
    });
  });
});
