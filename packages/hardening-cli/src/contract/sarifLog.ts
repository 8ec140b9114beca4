import { GateCheck } from './checkGates';

/** Name of the tool in the SARIF logs this CLI writes. */
export const SARIF_TOOL_NAME = 'hardening-contract-check';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

function levelOf(check: GateCheck): SarifLevel {
  if (check.gate.status === 'planned') return 'note';
  return check.gate.severity === 'warning' ? 'warning' : 'error';
}

/** SARIF artifact URIs are URI references: percent-encode what a path may hold. */
function artifactUri(file: string): string {
  return encodeURI(file.split('\\').join('/')).replace(
    /[?#]/g,
    encodeURIComponent,
  );
}

/**
 * A SARIF 2.1.0 log of a contract check, in the shape the Hardening backend reads:
 * one rule per gate (`rule.id` = gate id, `properties.matchedFiles` = files matched),
 * one `fail` result per violation, one `pass` result for a passing gate and one `open`
 * result for a gate that could not be evaluated. The contract digest is in the run's
 * properties. Planned gates are reported at level `note`.
 */
export function buildSarifLog(options: {
  checks: readonly GateCheck[];
  contractDigest: string;
  toolVersion: string;
  startedAt: Date;
  finishedAt: Date;
}) {
  const { checks } = options;
  const rules = checks.map(check => ({
    id: check.gate.id,
    shortDescription: { text: check.gate.description },
    defaultConfiguration: { level: levelOf(check) },
    properties: {
      matchedFiles: check.result.matchedFiles,
      gateType: check.gate.type,
      gateStatus: check.gate.status,
      ...(check.gate.milestone ? { milestone: check.gate.milestone } : {}),
    },
  }));
  const results = checks.flatMap((check, ruleIndex) => {
    const { result } = check;
    const base = { ruleId: result.gateId, ruleIndex };
    if (result.status === 'pass') {
      return [
        {
          ...base,
          kind: 'pass',
          level: 'none',
          message: {
            text: `passed on ${result.matchedFiles} file(s)`,
          },
        },
      ];
    }
    if (result.status === 'error') {
      return [
        {
          ...base,
          kind: 'open',
          level: 'warning',
          message: { text: check.note ?? 'the gate could not be evaluated' },
        },
      ];
    }
    // A failing gate whose violations were all left out (budget) still needs a failing result.
    const listed =
      result.violations.length > 0
        ? result.violations
        : [
            {
              message: check.note ?? 'the gate failed',
              file: undefined,
              line: undefined,
            },
          ];
    return listed.map(violation => ({
      ...base,
      kind: 'fail',
      level: levelOf(check),
      message: { text: violation.message },
      ...(violation.file
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: {
                    uri: artifactUri(violation.file),
                    uriBaseId: '%SRCROOT%',
                  },
                  ...(violation.line
                    ? { region: { startLine: violation.line } }
                    : {}),
                },
              },
            ],
          }
        : {}),
    }));
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: SARIF_TOOL_NAME,
            version: options.toolVersion,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: options.startedAt.toISOString(),
            endTimeUtc: options.finishedAt.toISOString(),
          },
        ],
        properties: { contractDigest: options.contractDigest },
        results,
      },
    ],
  };
}
