/**
 * The `hardening` command: uploads hardening evidence from CI, checks delivery contracts
 * and keeps release audit chains.
 *
 * @packageDocumentation
 */

export { run, runAndExit } from './program';
export { EXIT, CliError } from './CliError';
export type { ExitCode } from './CliError';
export type { CliIo } from './cliIo';
export { processIo } from './cliIo';
