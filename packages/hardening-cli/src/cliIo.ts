/** Where a command writes, and what it reads from its surroundings. Tests pass their own. */
export type CliIo = {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), for backoff jitter. */
  random: () => number;
};

/** The CLI's surroundings when run as a program. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    random: Math.random,
  };
}
