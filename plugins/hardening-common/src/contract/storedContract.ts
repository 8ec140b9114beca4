import { ContractDocument } from './contractDocument';
import { ContractGateResultStatus } from './gateResults';
import { ContractEvaluation } from './evaluateContract';

/**
 * A delivery contract as the backend keeps and serves it.
 *
 * @public
 */
export type StoredContract = {
  id: string;
  entityRef: string;
  /** SHA-256 of the contract's canonical JSON (sorted keys, no whitespace). */
  digest: string;
  gateCount: number;
  /** When this contract (last) became the entity's current one. */
  uploadedAt: string;
  uploadedBy: string;
  contract: ContractDocument;
};

/**
 * Input formats of contract-results uploads.
 *
 * @public
 */
export type ContractResultsFormat = 'native' | 'sarif';

/**
 * Summary of a stored contract-results report (evidence kind `contract-results`).
 *
 * @public
 */
export type ContractResultsSummary = {
  format: ContractResultsFormat;
  /** Digest of the contract the results were judged against; null without one. */
  contractDigest: string | null;
  /** The contract digest the upload itself named, when it named one. */
  reportedContractDigest?: string;
  gates: {
    gateId: string;
    status: ContractGateResultStatus;
    matchedFiles: number;
    violationCount: number;
  }[];
  evaluation: ContractEvaluation;
};

/**
 * One stored violation of a contract-results report.
 *
 * @public
 */
export type StoredContractViolation = {
  gateId: string;
  file?: string;
  line?: number;
  message: string;
};
