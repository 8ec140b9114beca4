import { ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The README's development recipe for PostgreSQL, run from the repository root: the
 * backend workspace's `start` (working directory packages/backend) with the base config
 * and the PostgreSQL one.
 */
export const README_START_COMMAND = [
  'yarn',
  'workspace',
  'backend',
  'start',
  '--config',
  '../../app-config.yaml',
  '--config',
  '../../app-config.postgres.yaml',
] as const;

export type BackendProcess = {
  name: string;
  /** Where the replica listens, e.g. `http://localhost:7301`. */
  origin: string;
  logFile: string;
  /** The process group of `yarn` and everything it started. */
  group: number | undefined;
  /** Where this process's lines start in the log file. */
  logOffset: number;
  /** Why the process ended, once it has. */
  exited(): string | undefined;
  /** Stops the whole process group: SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
};

/**
 * Starts one backend in a process group of its own (so that `yarn`, the CLI's watcher
 * and the backend itself stop together), appending to `logDir/<name>.log`. Inherited
 * `APP_CONFIG_*` variables are dropped: the backend sees the config files and `config`.
 */
export function startBackend(options: {
  name: string;
  repoRoot: string;
  logDir: string;
  port: number;
  env: Record<string, string>;
  /** What to run from the repository root; the README's recipe by default. */
  command?: readonly string[];
  /**
   * How the port is set: `backend.listen.port` (default), or `backend.listen` as an
   * address `:<port>` for a config whose `backend.listen` is a string.
   */
  listenAs?: 'port' | 'address';
}): BackendProcess {
  const { name, repoRoot, logDir, port } = options;
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const logOffset = fstatSync(log).size;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('APP_CONFIG_')) env[key] = value;
  }
  Object.assign(
    env,
    options.env,
    options.listenAs === 'address'
      ? { APP_CONFIG_backend_listen: `:${port}` }
      : { APP_CONFIG_backend_listen_port: String(port) },
  );
  const [command, ...args] = options.command ?? README_START_COMMAND;
  const child: ChildProcess = spawn(command, args, {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exit: string | undefined;
  const ended = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with ${code}`;
      resolve();
    });
    child.once('error', error => {
      exit = `could not start: ${error.message}`;
      resolve();
    });
  });
  const group = child.pid;

  const groupAlive = () => {
    if (group === undefined) return false;
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    if (group === undefined) return;
    try {
      process.kill(-group, signal);
    } catch {
      // already gone
    }
  };

  return {
    name,
    origin: `http://localhost:${port}`,
    logFile,
    group,
    logOffset,
    exited: () => exit,
    async stop() {
      signalGroup('SIGTERM');
      const deadline = Date.now() + 15_000;
      while (groupAlive() && Date.now() < deadline) await sleep(200);
      if (groupAlive()) signalGroup('SIGKILL');
      await Promise.race([ended, sleep(5_000)]);
    },
  };
}

/** The last lines of a replica's log, for a failure message. */
export function logTail(backend: BackendProcess, lines = 15): string {
  try {
    const text = readFileSync(backend.logFile, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Whether the backend said that it failed to start. Started through the CLI's `start`
 * (the README's recipe), a backend whose startup failed keeps running and answers 503.
 */
function startupFailed(backend: BackendProcess): boolean {
  try {
    return readFileSync(backend.logFile)
      .subarray(backend.logOffset)
      .includes('Backend startup failed');
  } catch {
    return false;
  }
}

/**
 * Polls until `ready` resolves true, failing early when the process ends or its
 * startup failed, and at the deadline otherwise.
 */
export async function waitUntil(
  backend: BackendProcess,
  what: string,
  deadline: number,
  ready: () => Promise<boolean>,
): Promise<void> {
  for (;;) {
    const exit =
      backend.exited() ??
      (startupFailed(backend) ? 'failed to start' : undefined);
    if (exit) {
      throw new Error(
        `${backend.name} ${exit} before ${what}; its log ends with:\n${logTail(
          backend,
        )}`,
      );
    }
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${backend.name}: no ${what} by the deadline; see ${backend.logFile}`,
      );
    }
    await sleep(500);
  }
}
