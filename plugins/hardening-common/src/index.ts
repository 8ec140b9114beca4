/**
 * Types, schemas and permissions shared by the Hardening frontend, backend and CLI.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './health';
export * from './evidence';
