import { spawn } from 'node:child_process';

export type CommandOutcome = {
  /** Null when the command was killed (timeout) or could not start. */
  exitCode: number | null;
  timedOut: boolean;
  /** The end of its combined stdout and stderr. */
  outputTail: string;
};

const TAIL_CHARS = 2000;

/** Runs a `command` gate through the shell in `cwd`, keeping the end of its output. */
export function runGateCommand(
  command: string,
  cwd: string,
  timeoutMs: number,
): Promise<CommandOutcome> {
  return new Promise(resolve => {
    let tail = '';
    let timedOut = false;
    // Its own process group, so that a timeout stops the shell and what it started.
    const child = spawn(command, {
      cwd,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (process.platform === 'win32' || !child.pid) child.kill('SIGKILL');
        else process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('error', error => {
      clearTimeout(timer);
      resolve({ exitCode: null, timedOut: false, outputTail: error.message });
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ exitCode: code, timedOut, outputTail: tail.trim() });
    });
  });
}
