/**
 * Exit codes of the `hardening` command.
 *
 * - `OK` (0): done; the check passed.
 * - `CHECK_FAILED` (1): the check ran and failed: a failing active contract gate, a broken chain.
 * - `USAGE` (2): wrong arguments, or a local file that cannot be read or is invalid.
 * - `REJECTED` (3): the backend refused the request (4xx); its message is printed.
 * - `UNAVAILABLE` (4): the backend could not be reached, or answered 5xx, after every retry.
 * - `INCONSISTENT` (5): the transparency log is not an append-only extension of a checkpoint
 *   seen before: it was rewritten, forked or shrank.
 */
export const EXIT = {
  OK: 0,
  CHECK_FAILED: 1,
  USAGE: 2,
  REJECTED: 3,
  UNAVAILABLE: 4,
  INCONSISTENT: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports with its message alone, exiting with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.USAGE) {
    super(message);
    this.name = 'CliError';
  }
}
