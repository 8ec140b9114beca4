import { InputError } from '@backstage/errors';
import {
  ContractGateResult,
  ContractResultsDocument,
  contractGateIdSchema,
  ContractViolation,
  formatIssuePath,
  MAX_GATE_RESULTS,
  MAX_VIOLATIONS_PER_GATE,
  MAX_VIOLATIONS_PER_UPLOAD,
} from '@hardening/backstage-plugin-hardening-common';
import type { z } from 'zod';
import {
  clampString,
  MAX_FILE_LENGTH,
  MAX_MESSAGE_LENGTH,
} from '../reportStrings';
import {
  SarifLog,
  sarifLogSchema,
  SarifResult,
  SarifResultKind,
  SarifRule,
} from './sarifSchema';

const MAX_LISTED_ISSUES = 10;

/** Result kinds that say something about the files a rule looked at. */
const DECISIVE_KINDS: readonly SarifResultKind[] = [
  'pass',
  'fail',
  'open',
  'review',
];

/** What is collected for one gate (SARIF rule) over the whole log. */
type GateTally = {
  gateId: string;
  declaredMatchedFiles?: number;
  /** Declared by a run's `tool.driver.rules`, as opposed to only named by results. */
  declared: boolean;
  kinds: Set<SarifResultKind>;
  /** Distinct artifact URIs of the gate's pass, fail, open and review results. */
  uris: Set<string>;
  violations: ContractViolation[];
  /** A run that reported this gate did not execute successfully. */
  runFailed: boolean;
};

function describeIssues(issues: z.ZodError['issues']): string {
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map(issue => `${formatIssuePath(issue.path)}: ${issue.message}`);
  const more = issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function gateIdOf(id: string, where: string): string {
  if (!contractGateIdSchema.safeParse(id).success) {
    throw new InputError(
      `Invalid SARIF gate results: ${where} "${clampString(
        id,
        200,
      )}" is not a contract gate id (lower-case words joined by ".", "_" or "-")`,
    );
  }
  return id;
}

/** SARIF URIs are percent-encoded; show them as paths when they decode cleanly. */
function fileOf(uri: string): string {
  let file = uri;
  try {
    file = decodeURI(uri);
  } catch {
    // Keep the URI as written.
  }
  return clampString(file, MAX_FILE_LENGTH);
}

/** `message.text` with its `{0}` placeholders filled from `message.arguments`. */
function messageOf(result: SarifResult, rule: SarifRule): string {
  const args = result.message.arguments ?? [];
  const text = result.message.text?.replace(/\{(\d+)\}/g, (whole, n) =>
    args[Number(n)] === undefined ? whole : args[Number(n)],
  );
  const message =
    text?.trim() ||
    rule.shortDescription?.text.trim() ||
    `gate ${rule.id} failed`;
  return clampString(message, MAX_MESSAGE_LENGTH);
}

function statusOf(tally: GateTally): ContractGateResult['status'] {
  if (tally.runFailed) return 'error';
  if (tally.kinds.has('fail')) return 'fail';
  if (tally.kinds.has('open') || tally.kinds.has('review')) return 'error';
  return 'pass';
}

function matchedFilesOf(tally: GateTally): number {
  if (
    tally.kinds.has('notApplicable') &&
    !DECISIVE_KINDS.some(kind => tally.kinds.has(kind))
  ) {
    // The rule applied to nothing: whatever the count says, nothing was checked.
    return 0;
  }
  return tally.declaredMatchedFiles ?? tally.uris.size;
}

/**
 * Reads contract gate results from a SARIF 2.1.0 log (already parsed as JSON).
 *
 * One SARIF rule is one gate: `rules[].id` (or a result's `ruleId`) is the gate id.
 * - A result of kind `fail` (the SARIF default when `kind` is absent) is a violation of its
 *   rule, located by its first location's `artifactLocation.uri` and `region.startLine`.
 * - Gate status: `fail` if any result failed; else `error` if any is `open` or `review`, or
 *   if the run's invocation did not execute successfully; else `pass`.
 * - Matched files: `rules[].properties.matchedFiles` when the rule declares it (our CLI
 *   does), else the number of distinct artifact URIs in the locations of the rule's
 *   `pass`, `fail`, `open` and `review` results. A rule whose results are all
 *   `notApplicable` matched no file.
 * - Contract digest: `runs[].properties.contractDigest`, when the runs give one.
 */
export function parseSarifGateResults(json: unknown): ContractResultsDocument {
  const parsed = sarifLogSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `Invalid SARIF log: ${describeIssues(parsed.error.issues)}`,
    );
  }
  const log: SarifLog = parsed.data;
  const tallies = new Map<string, GateTally>();
  let totalViolations = 0;
  const digests = new Set(
    log.runs.flatMap(run =>
      run.properties?.contractDigest ? [run.properties.contractDigest] : [],
    ),
  );
  if (digests.size > 1) {
    throw new InputError(
      'Invalid SARIF gate results: the runs name different contract digests',
    );
  }
  const [contractDigest] = digests;

  const tallyOf = (gateId: string): GateTally => {
    let tally = tallies.get(gateId);
    if (!tally) {
      if (tallies.size >= MAX_GATE_RESULTS) {
        throw new InputError(
          `Invalid SARIF gate results: more than ${MAX_GATE_RESULTS} gates`,
        );
      }
      tally = {
        gateId,
        declared: false,
        kinds: new Set(),
        uris: new Set(),
        violations: [],
        runFailed: false,
      };
      tallies.set(gateId, tally);
    }
    return tally;
  };

  log.runs.forEach((run, r) => {
    const rules = run.tool.driver.rules ?? [];
    const runFailed = (run.invocations ?? []).some(i => !i.executionSuccessful);
    const rulesById = new Map<string, SarifRule>();

    rules.forEach((rule, i) => {
      const where = `runs[${r}].tool.driver.rules[${i}].id`;
      const tally = tallyOf(gateIdOf(rule.id, where));
      if (tally.declared) {
        throw new InputError(
          `Invalid SARIF gate results: ${where}: gate "${rule.id}" is declared more than once`,
        );
      }
      tally.declared = true;
      tally.declaredMatchedFiles = rule.properties?.matchedFiles;
      tally.runFailed ||= runFailed;
      rulesById.set(rule.id, rule);
    });

    (run.results ?? []).forEach((result, k) => {
      const index = result.ruleIndex ?? result.rule?.index;
      const ruleId =
        result.ruleId ??
        result.rule?.id ??
        (index === undefined ? undefined : rules[index]?.id);
      if (ruleId === undefined) {
        throw new InputError(
          `Invalid SARIF gate results: runs[${r}].results[${k}] names no rule (ruleId)`,
        );
      }
      const tally = tallyOf(
        gateIdOf(ruleId, `runs[${r}].results[${k}].ruleId`),
      );
      tally.runFailed ||= runFailed;
      const kind = result.kind ?? 'fail';
      tally.kinds.add(kind);

      if (DECISIVE_KINDS.includes(kind)) {
        for (const location of result.locations ?? []) {
          const seen = location.physicalLocation?.artifactLocation?.uri;
          if (seen) tally.uris.add(seen);
        }
      }
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = physical?.artifactLocation?.uri;
      if (kind !== 'fail') {
        return;
      }
      if (tally.violations.length >= MAX_VIOLATIONS_PER_GATE) {
        throw new InputError(
          `Invalid SARIF gate results: gate "${ruleId}" has more than ${MAX_VIOLATIONS_PER_GATE} failing results`,
        );
      }
      totalViolations += 1;
      if (totalViolations > MAX_VIOLATIONS_PER_UPLOAD) {
        throw new InputError(
          `Invalid SARIF gate results: more than ${MAX_VIOLATIONS_PER_UPLOAD} failing results`,
        );
      }
      const violation: ContractViolation = {
        message: messageOf(result, rulesById.get(ruleId) ?? { id: ruleId }),
      };
      if (uri) violation.file = fileOf(uri);
      const line = physical?.region?.startLine;
      if (line !== undefined) violation.line = line;
      tally.violations.push(violation);
    });
  });

  return {
    ...(contractDigest ? { contractDigest } : {}),
    results: [...tallies.values()].map(tally => ({
      gateId: tally.gateId,
      status: statusOf(tally),
      matchedFiles: matchedFilesOf(tally),
      violations: tally.violations,
    })),
  };
}
