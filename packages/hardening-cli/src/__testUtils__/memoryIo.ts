import { CliIo } from '../cliIo';

/** A CliIo that records output and waits, with a frozen clock and no jitter. */
export function memoryIo(
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    isTTY?: boolean;
    now?: Date;
  } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  const now = options.now ?? new Date('2026-11-20T10:00:00.000Z');
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY: options.isTTY },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0,
  };
  return {
    io,
    sleeps,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
