import {
  ContractDocument,
  ContractResultsSummary,
  ContractViolation,
  StoredContract,
  StoredContractViolation,
} from '@hardening/backstage-plugin-hardening-common';
import {
  NewReportMeta,
  Page,
  PageRequest,
  StoredResult,
} from './EvidenceStore';

export type NewContract = {
  entityRef: string;
  /** SHA-256 of the contract's canonical JSON; the same digest twice is the same contract. */
  digest: string;
  contract: ContractDocument;
  uploadedAt: Date;
  uploadedBy: string;
};

export type SavedContract = {
  contract: StoredContract;
  /** False when the entity already had this contract (it is now the current one again). */
  created: boolean;
};

export type NewContractResults = {
  meta: Omit<NewReportMeta, 'kind'>;
  summary: ContractResultsSummary;
  violations: (ContractViolation & { gateId: string })[];
};

/**
 * Delivery contracts of entities and the violations of their contract-results reports.
 * Every write is one transaction.
 */
export interface ContractStore {
  /**
   * Stores a contract and makes it the entity's current one. A contract the entity had
   * before (same digest) is not stored twice: it becomes current again, `created: false`.
   */
  saveContract(input: NewContract): Promise<SavedContract>;

  /** The entity's current contract: the newest by upload time. */
  latestContract(entityRef: string): Promise<StoredContract | undefined>;

  /** Every contract the entity has had, newest first. */
  listContracts(
    entityRef: string,
    page: PageRequest,
  ): Promise<Page<StoredContract>>;

  /**
   * Stores a contract-results report (evidence kind `contract-results`) with its violations,
   * idempotent by digest like every report.
   */
  insertResults(
    input: NewContractResults,
  ): Promise<StoredResult<ContractResultsSummary>>;

  /** The violations of one report, in upload order, optionally of one gate only. */
  listViolations(
    entityRef: string,
    reportId: string,
    options: PageRequest & { gateId?: string },
  ): Promise<Page<StoredContractViolation>>;
}
