import {
  ContractDocument,
  ContractGate,
  ContractGateStatus,
} from './contractDocument';
import { ContractGateResult, ContractGateResultStatus } from './gateResults';

/**
 * How one gate of the contract stands against the results of a run.
 *
 * @public
 */
export type ContractGateVerdict = {
  gateId: string;
  gateStatus: ContractGateStatus;
  /** `missing` when the run reported nothing for the gate. */
  result: ContractGateResultStatus | 'missing';
  /** Whether the gate itself passed (also computed for planned gates). */
  passing: boolean;
  /** True when this gate makes the contract fail: an active gate that is not passing. */
  blocking: boolean;
  reason: string;
};

/**
 * Something in the results the contract does not explain.
 *
 * @public
 */
export type ContractEvaluationWarning =
  | { kind: 'unknown-gate'; gateId: string; message: string }
  | { kind: 'contract-mismatch'; message: string };

/**
 * The verdict on a run's results against a contract.
 *
 * @public
 */
export type ContractEvaluation = {
  /** `no-contract` when the entity had no contract when the results arrived. */
  status: 'evaluated' | 'no-contract';
  /** True only when every active gate passes (and there is a contract). */
  passing: boolean;
  reason: string;
  counts: { active: number; activePassing: number; planned: number };
  gates: ContractGateVerdict[];
  warnings: ContractEvaluationWarning[];
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function judge(
  gate: ContractGate,
  result: ContractGateResult | undefined,
): { passing: boolean; reason: string } {
  if (!result) {
    return {
      passing: false,
      reason: 'the run reported no result for this gate',
    };
  }
  if (result.status === 'error') {
    return {
      passing: false,
      reason: 'the checker could not evaluate this gate',
    };
  }
  if (result.status === 'fail') {
    const count = result.violations.length;
    return {
      passing: false,
      reason:
        count > 0
          ? `failed with ${plural(count, 'violation')}`
          : 'failed (no violations listed)',
    };
  }
  // A command gate without targets looks at no files; every other gate must have matched some.
  const needsFiles = gate.type !== 'command' || Boolean(gate.targets?.length);
  if (needsFiles && result.matchedFiles === 0) {
    return {
      passing: false,
      reason:
        'the gate targets matched no file, and a gate that checked nothing is not a pass',
    };
  }
  return {
    passing: true,
    reason: needsFiles
      ? `passed on ${plural(result.matchedFiles, 'file')}`
      : 'passed',
  };
}

/**
 * Judges the gate results of a run against a delivery contract.
 *
 * - An active gate passes only when its result is `pass` and its targets matched at least
 *   one file (a command gate without targets needs only the `pass`).
 * - An active gate without a result fails.
 * - Planned gates are judged the same way but never block.
 * - Results for gates the contract does not have become `unknown-gate` warnings.
 *
 * - When the results name the digest of the contract they were produced with and it is not
 *   the digest of `contract`, a `contract-mismatch` warning says so (gates are still judged
 *   by id).
 *
 * Without a contract nothing can pass: the evaluation says so.
 *
 * @public
 */
export function evaluateContract(
  contract: ContractDocument | undefined,
  results: readonly ContractGateResult[],
  digests: { contract?: string; reported?: string } = {},
): ContractEvaluation {
  if (!contract) {
    return {
      status: 'no-contract',
      passing: false,
      reason:
        'no contract: the entity had no delivery contract when these results were uploaded',
      counts: { active: 0, activePassing: 0, planned: 0 },
      gates: [],
      warnings: [],
    };
  }

  const byId = new Map(results.map(r => [r.gateId, r]));
  const gates = contract.gates.map((gate): ContractGateVerdict => {
    const result = byId.get(gate.id);
    const { passing, reason } = judge(gate, result);
    const active = gate.status === 'active';
    return {
      gateId: gate.id,
      gateStatus: gate.status,
      result: result?.status ?? 'missing',
      passing,
      blocking: active && !passing,
      reason: active ? reason : `planned, does not block: ${reason}`,
    };
  });

  const known = new Set(contract.gates.map(g => g.id));
  const warnings: ContractEvaluationWarning[] = [];
  if (
    digests.reported !== undefined &&
    digests.contract !== undefined &&
    digests.reported !== digests.contract
  ) {
    warnings.push({
      kind: 'contract-mismatch',
      message: `the results were produced with contract ${digests.reported}, not with the current contract ${digests.contract}`,
    });
  }
  for (const r of results) {
    if (!known.has(r.gateId)) {
      warnings.push({
        kind: 'unknown-gate',
        gateId: r.gateId,
        message: `the run reported gate "${r.gateId}", which the contract does not have`,
      });
    }
  }

  const active = gates.filter(g => g.gateStatus === 'active');
  const activePassing = active.filter(g => g.passing).length;
  const passing = activePassing === active.length;
  return {
    status: 'evaluated',
    passing,
    reason: `${activePassing} of ${plural(
      active.length,
      'active gate',
    )} passing`,
    counts: {
      active: active.length,
      activePassing,
      planned: gates.length - active.length,
    },
    gates,
    warnings,
  };
}
