import { ContractDocument } from './contractDocument';
import { evaluateContract } from './evaluateContract';
import { ContractResultsDocument } from './gateResults';
import {
  ContractResultsFormat,
  ContractResultsSummary,
} from './storedContract';

/**
 * The summary stored with a contract-results report: each gate's outcome and the
 * evaluation against the contract that was current when the results arrived (if any).
 *
 * @public
 */
export function summarizeContractResults(
  format: ContractResultsFormat,
  results: ContractResultsDocument,
  current?: { digest: string; contract: ContractDocument },
): ContractResultsSummary {
  return {
    format,
    contractDigest: current?.digest ?? null,
    ...(results.contractDigest
      ? { reportedContractDigest: results.contractDigest }
      : {}),
    gates: results.results.map(r => ({
      gateId: r.gateId,
      status: r.status,
      matchedFiles: r.matchedFiles,
      violationCount: r.violations.length,
    })),
    evaluation: evaluateContract(current?.contract, results.results, {
      contract: current?.digest,
      reported: results.contractDigest,
    }),
  };
}
