import { ContractEvaluation } from '@hardening/backstage-plugin-hardening-common';
import { GateCheck } from './checkGates';

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map(row => row[column].length)),
  );
  return rows
    .map(row =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column]),
        )
        .join('  '),
    )
    .join('\n');
}

function verdictOf(gate: ContractEvaluation['gates'][number]): string {
  if (gate.passing) return 'pass';
  return gate.blocking ? 'FAIL' : 'fail (planned, not blocking)';
}

/**
 * The outcome of a contract check for people: one row per gate, then the violations of
 * each gate that did not pass (at most `maxListed` each), then the verdict.
 */
export function formatResultsTable(options: {
  checks: readonly GateCheck[];
  evaluation: ContractEvaluation;
  maxListed: number;
}): string {
  const { checks, evaluation, maxListed } = options;
  const verdicts = new Map(evaluation.gates.map(g => [g.gateId, g]));
  const rows = [
    ['GATE', 'STATUS', 'RESULT', 'FILES', 'VIOLATIONS', 'VERDICT'],
    ...checks.map(({ gate, result }) => [
      gate.id,
      gate.status,
      result.status,
      String(result.matchedFiles),
      String(result.violations.length),
      verdictOf(verdicts.get(gate.id)!),
    ]),
  ];
  const sections = [table(rows)];

  for (const check of checks) {
    const verdict = verdicts.get(check.gate.id)!;
    if (verdict.passing) continue;
    const lines = [`${check.gate.id}: ${verdict.reason}`];
    if (check.note) lines.push(`  ${check.note}`);
    for (const violation of check.result.violations.slice(0, maxListed)) {
      const where = violation.file
        ? `${violation.file}${violation.line ? `:${violation.line}` : ''}: `
        : '';
      lines.push(`  ${where}${violation.message}`);
    }
    const more = check.result.violations.length - maxListed;
    if (more > 0) lines.push(`  … and ${more} more`);
    sections.push(lines.join('\n'));
  }

  const plannedFailing = evaluation.gates.filter(
    g => g.gateStatus === 'planned' && !g.passing,
  ).length;
  sections.push(
    `${evaluation.reason}${
      plannedFailing > 0
        ? `; ${plannedFailing} planned gate(s) not passing yet (not blocking)`
        : ''
    }: the contract ${evaluation.passing ? 'passes' : 'FAILS'}`,
  );
  return `${sections.join('\n\n')}\n`;
}
