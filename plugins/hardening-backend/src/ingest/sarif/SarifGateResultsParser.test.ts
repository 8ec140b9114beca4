import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSarifGateResults } from './SarifGateResultsParser';

function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(resolve(__dirname, '../__fixtures__/sarif', name), 'utf8'),
  );
}

function minimalLog(results: unknown[], rules: unknown[] = []) {
  return {
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'checker', rules } }, results }],
  };
}

describe('parseSarifGateResults', () => {
  it('reads one gate per rule, fail results as violations and matchedFiles from the rule properties', () => {
    expect(parseSarifGateResults(fixture('contract-check.sarif.json'))).toEqual(
      {
        results: [
          {
            gateId: 'security.session_guard',
            status: 'fail',
            matchedFiles: 14,
            violations: [
              {
                file: 'services/claims/src/routes/export/route.ts',
                line: 1,
                message: 'No match for requireSession\\( in this route handler',
              },
              {
                file: 'services/claims/src/routes/admin/bulk import.ts',
                message: 'No match for tenantId in this route handler',
              },
            ],
          },
          {
            gateId: 'security.no_raw_sql',
            status: 'pass',
            matchedFiles: 6,
            violations: [],
          },
          {
            gateId: 'docs.incident_runbook',
            status: 'pass',
            matchedFiles: 0,
            violations: [],
          },
        ],
      },
    );
  });

  it('treats a result without kind as a failure, resolves rules by index and counts distinct files', () => {
    expect(
      parseSarifGateResults(fixture('default-kind-and-rule-index.sarif.json')),
    ).toEqual({
      results: [
        {
          gateId: 'tenancy.scoped_queries',
          status: 'fail',
          // src/db/claims.ts (failed, then passed) and src/db/payouts.ts
          matchedFiles: 2,
          violations: [
            {
              file: 'src/db/claims.ts',
              line: 88,
              message:
                'Query in findClaimsByStatus is not filtered by tenantId',
            },
            {
              file: 'src/db/payouts.ts',
              line: 12,
              // No message text: the rule's short description stands in.
              message: 'Queries are scoped to the tenant',
            },
          ],
        },
        {
          gateId: 'logging.no_pii',
          status: 'pass',
          // Both locations of the pass result; the informational one is not counted.
          matchedFiles: 2,
          violations: [],
        },
      ],
    });
  });

  it('marks every gate of a run that did not execute successfully as error', () => {
    expect(
      parseSarifGateResults(fixture('failed-invocation.sarif.json')).results,
    ).toEqual([
      {
        gateId: 'build.typecheck',
        status: 'error',
        matchedFiles: 0,
        violations: [],
      },
      {
        gateId: 'security.session_guard',
        status: 'error',
        matchedFiles: 14,
        violations: [],
      },
    ]);
  });

  it('counts open and review results as error, and notApplicable as matching nothing', () => {
    const { results } = parseSarifGateResults(
      minimalLog(
        [
          {
            ruleId: 'a.open',
            kind: 'open',
            message: { text: 'unsure' },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'x.ts' } } },
            ],
          },
          { ruleId: 'b.na', kind: 'notApplicable', message: { text: 'n/a' } },
        ],
        [{ id: 'b.na', properties: { matchedFiles: 7 } }],
      ),
    );
    expect(results).toEqual([
      { gateId: 'b.na', status: 'pass', matchedFiles: 0, violations: [] },
      { gateId: 'a.open', status: 'error', matchedFiles: 1, violations: [] },
    ]);
  });

  it('reads the contract digest the runs name', () => {
    const log = minimalLog([]);
    (log.runs[0] as Record<string, unknown>).properties = {
      contractDigest: 'c'.repeat(64),
    };
    expect(parseSarifGateResults(log)).toEqual({
      contractDigest: 'c'.repeat(64),
      results: [],
    });
  });

  it.each([
    [
      'another SARIF version',
      fixture('sarif-2.0.0.sarif.json'),
      /version: only SARIF version "2.1.0" is supported/,
    ],
    [
      'a result naming no rule',
      minimalLog([{ kind: 'fail', message: { text: 'x' } }]),
      /runs\[0\]\.results\[0\] names no rule/,
    ],
    [
      'a rule id that is not a gate id',
      minimalLog([], [{ id: 'js/sql-injection' }]),
      /runs\[0\]\.tool\.driver\.rules\[0\]\.id "js\/sql-injection" is not a contract gate id/,
    ],
    [
      'a rule declared twice',
      minimalLog([], [{ id: 'a' }, { id: 'a' }]),
      /gate "a" is declared more than once/,
    ],
    [
      'a negative matchedFiles',
      minimalLog([], [{ id: 'a', properties: { matchedFiles: -2 } }]),
      /runs\[0\]\.tool\.driver\.rules\[0\]\.properties\.matchedFiles/,
    ],
    [
      'line 0',
      minimalLog([
        {
          ruleId: 'a',
          message: { text: 'x' },
          locations: [{ physicalLocation: { region: { startLine: 0 } } }],
        },
      ]),
      /startLine/,
    ],
    ['not an object', 'sarif', /Invalid SARIF log/],
  ])('refuses %s', (_name, log, message) => {
    expect(() => parseSarifGateResults(log)).toThrow(InputError);
    expect(() => parseSarifGateResults(log)).toThrow(message);
  });

  it('refuses more than 10 000 failing results for one gate', () => {
    const results = Array.from({ length: 10_001 }, (_, i) => ({
      ruleId: 'security.session_guard',
      message: { text: `violation ${i}` },
    }));
    expect(() => parseSarifGateResults(minimalLog(results))).toThrow(
      'gate "security.session_guard" has more than 10000 failing results',
    );
  });
});
