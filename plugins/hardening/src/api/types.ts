import {
  AuditChainListOrder,
  RequiredGateVerdict,
  TestCaseStatus,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * One page of a newest-first list (audit chains: in the `order` asked for): pass
 * `nextCursor` as `cursor` to get the next page; absent on the last page.
 *
 * @public
 */
export type Page<T> = {
  items: T[];
  nextCursor?: string;
};

/**
 * Paging of a list request: `limit` 1–500 (backend default 50).
 *
 * @public
 */
export type PageRequest = {
  limit?: number;
  cursor?: string;
};

/**
 * Body of `GET …/required-gates`: the required gates judged against the newest gates report.
 *
 * @public
 */
export type RequiredGatesStatus = {
  required: string[];
  latestReportId: string | null;
  passing: boolean;
  gates: RequiredGateVerdict[];
};

/** @public */
export type TestCasesRequest = PageRequest & { status?: TestCaseStatus };

/** @public */
export type FlakyTestsRequest = { since?: string; limit?: number };

/** @public */
export type ContractViolationsRequest = PageRequest & { gateId?: string };

/**
 * Paging of the release audit chain: `order` `asc` (the backend default, seq 0 up) or
 * `desc` (newest first); a `cursor` pages on only in the order it was issued for.
 *
 * @public
 */
export type AuditChainEntriesRequest = PageRequest & {
  order?: AuditChainListOrder;
};
