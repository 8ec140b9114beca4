import {
  ContractDocument,
  ContractGate,
  ContractGateResult,
} from '@hardening/backstage-plugin-hardening-common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { CommandOutcome, runGateCommand } from './runGateCommand';
import { ViolationBudget } from './violationBudget';

/** The result of one gate, with what the checker has to say beyond it. */
export type GateCheck = {
  gate: ContractGate;
  result: ContractGateResult;
  /** Why the gate could not be evaluated, or how many violations were left out. */
  note?: string;
};

export type CheckOptions = {
  /** The checkout the targets are relative to. */
  root: string;
  /** Run `command` gates (off by default: the contract's commands then count as not run). */
  runCommands: boolean;
  commandTimeoutMs: number;
  runCommand?: (
    command: string,
    cwd: string,
    timeoutMs: number,
  ) => Promise<CommandOutcome>;
};

/** Never searched: dependencies and git's own files. */
const IGNORED = ['**/node_modules/**', '**/.git/**'];

/** A target that could reach outside the checkout. */
function escapingTarget(pattern: string): boolean {
  return (
    pattern.startsWith('/') ||
    /^[A-Za-z]:/.test(pattern) ||
    pattern.split(/[\\/]/).includes('..')
  );
}

/** The repository files a gate's targets match, relative and sorted. */
export async function matchTargets(
  root: string,
  targets: readonly string[],
): Promise<string[]> {
  const files = await glob([...targets], {
    cwd: root,
    dot: true,
    onlyFiles: true,
    expandDirectories: false,
    followSymbolicLinks: false,
    ignore: IGNORED,
  });
  return files.sort();
}

/** 1-based line of a character offset, from the sorted offsets of the text's line feeds. */
function lineOf(newlines: number[], index: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (newlines[mid] < index) low = mid + 1;
    else high = mid;
  }
  return low + 1;
}

function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    offsets.push(i);
  }
  return offsets;
}

/** Every line a forbidden pattern matches in a text (one per line). */
function forbiddenLines(text: string, source: string): number[] {
  const pattern = new RegExp(source, 'g');
  const lines: number[] = [];
  let newlines: number[] | undefined;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    newlines ??= newlineOffsets(text);
    const line = lineOf(newlines, match.index);
    if (lines[lines.length - 1] !== line) lines.push(line);
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
  return lines;
}

function omittedNote(omitted: number): string | undefined {
  return omitted > 0
    ? `${omitted} more violation(s) not listed (the backend keeps at most 10,000 per gate and 100,000 per run)`
    : undefined;
}

function errorCheck(
  gate: ContractGate,
  note: string,
  matchedFiles = 0,
): GateCheck {
  return {
    gate,
    result: { gateId: gate.id, status: 'error', matchedFiles, violations: [] },
    note,
  };
}

async function checkFiles(
  gate: ContractGate,
  root: string,
  budget: ViolationBudget,
): Promise<GateCheck> {
  const targets = gate.targets ?? [];
  const escaping = targets.filter(escapingTarget);
  if (escaping.length > 0) {
    return errorCheck(
      gate,
      `targets must stay inside the checkout: ${escaping.join(', ')}`,
    );
  }
  const files = await matchTargets(root, targets);
  const violations = budget.forGate();
  if (files.length === 0) {
    violations.add({
      message: `the targets matched no file: ${targets.join(', ')}`,
    });
  }
  if (gate.type === 'file_content') {
    const required = (gate.must_match ?? []).map(source => ({
      source,
      pattern: new RegExp(source),
    }));
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(join(root, file), 'utf8');
      } catch (error) {
        return errorCheck(
          gate,
          `cannot read ${file}: ${
            (error as NodeJS.ErrnoException).code ?? error
          }`,
          files.length,
        );
      }
      for (const { source, pattern } of required) {
        if (!pattern.test(text)) {
          violations.add({ file, message: `no match for /${source}/` });
        }
      }
      for (const source of gate.must_not_match ?? []) {
        // The matched text is not quoted: it may be the very secret the gate forbids.
        for (const line of forbiddenLines(text, source)) {
          violations.add({
            file,
            line,
            message: `matches the forbidden pattern /${source}/`,
          });
        }
      }
    }
  }
  return {
    gate,
    result: {
      gateId: gate.id,
      status:
        violations.kept.length + violations.omitted() > 0 ? 'fail' : 'pass',
      matchedFiles: files.length,
      violations: violations.kept,
    },
    note: omittedNote(violations.omitted()),
  };
}

async function checkCommand(
  gate: ContractGate,
  options: CheckOptions,
  budget: ViolationBudget,
): Promise<GateCheck> {
  const targets = gate.targets ?? [];
  const matchedFiles =
    targets.length > 0 && !targets.some(escapingTarget)
      ? (await matchTargets(options.root, targets)).length
      : 0;
  if (!gate.command) {
    return errorCheck(gate, 'the gate has no command to run', matchedFiles);
  }
  if (!options.runCommands) {
    return errorCheck(
      gate,
      'command gates run only with --run-commands',
      matchedFiles,
    );
  }
  const run = options.runCommand ?? runGateCommand;
  const outcome = await run(
    gate.command,
    options.root,
    options.commandTimeoutMs,
  );
  if (outcome.exitCode === 0) {
    return {
      gate,
      result: { gateId: gate.id, status: 'pass', matchedFiles, violations: [] },
    };
  }
  const violations = budget.forGate();
  const how = outcome.timedOut
    ? `was stopped after ${options.commandTimeoutMs / 1000} s`
    : `exited with ${outcome.exitCode ?? 'no exit code'}`;
  violations.add({
    message: `\`${gate.command}\` ${how}${
      outcome.outputTail ? `: ${outcome.outputTail}` : ''
    }`.slice(0, 4096),
  });
  return {
    gate,
    result: {
      gateId: gate.id,
      status: 'fail',
      matchedFiles,
      violations: violations.kept,
    },
  };
}

/**
 * Checks a checkout against every gate of a contract and returns each gate's result, in
 * contract order. A gate whose targets match no file fails (it checked nothing).
 *
 * - `file_content`: every matched file must match each `must_match` pattern (one violation
 *   per file and pattern) and no `must_not_match` pattern (one violation per file, pattern
 *   and line).
 * - `file_exists`: the targets must match a file.
 * - `command`: with `runCommands`, passes when the command exits 0; otherwise `error`.
 */
export async function checkGates(
  contract: ContractDocument,
  options: CheckOptions,
): Promise<GateCheck[]> {
  const budget = new ViolationBudget();
  const checks: GateCheck[] = [];
  for (const gate of contract.gates) {
    checks.push(
      gate.type === 'command'
        ? await checkCommand(gate, options, budget)
        : await checkFiles(gate, options.root, budget),
    );
  }
  return checks;
}
