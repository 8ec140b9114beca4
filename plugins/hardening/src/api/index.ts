export { hardeningApiRef } from './HardeningApi';
export type { HardeningApi } from './HardeningApi';
export { HardeningClient, entityApiPath } from './HardeningClient';
export type {
  AuditChainEntriesRequest,
  ContractViolationsRequest,
  FlakyTestsRequest,
  Page,
  PageRequest,
  RequiredGatesStatus,
  TestCasesRequest,
} from './types';
export type { RunbookUploadResponse, TriageQueueRequest } from './triageTypes';
export type {
  GroupScorecardRequest,
  OrgScorecardsCsvRequest,
  OrgScorecardsRequest,
} from './scorecardTypes';
