/**
 * Types, schemas and permissions shared by the Hardening frontend, backend and CLI.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './health';
export * from './principal';
export * from './evidence';
export * from './contract';
export * from './stress';
export * from './validation';
export * from './triage';
export * from './testHistory';
export * from './failureClusters';
export * from './auditChain';
export * from './transparency';
export * from './milestone';
export * from './runbook';
export * from './scorecard';
