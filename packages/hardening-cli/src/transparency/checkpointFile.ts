import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../CliError';
import { CliIo } from '../cliIo';

/** A local file's text; `undefined` when there is no such file. */
export async function readOptionalFile(
  path: string,
  option: string,
  io: CliIo,
): Promise<string | undefined> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(
      `${option} ${path}: cannot read the file: ${
        (error as NodeJS.ErrnoException).code ?? error
      }`,
    );
  }
}

/** A local file's text; a {@link CliError} (exit 2) when it cannot be read. */
export async function readRequiredFile(
  path: string,
  option: string,
  io: CliIo,
): Promise<string> {
  const text = await readOptionalFile(path, option, io);
  if (text === undefined) {
    throw new CliError(`${option} ${path}: no such file`);
  }
  return text;
}

/** A local JSON file's value; a {@link CliError} (exit 2) when it is not JSON. */
export async function readJsonFile(
  path: string,
  option: string,
  io: CliIo,
): Promise<unknown> {
  const text = await readRequiredFile(path, option, io);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${option} ${path}: not JSON: ${(error as Error).message}`,
    );
  }
}

/**
 * Writes a file whole or not at all: into a temporary file next to it, renamed over it
 * (a checkpoint saved half would fail the next run for no reason).
 */
export async function writeFileAtomically(
  path: string,
  text: string,
  option: string,
  io: CliIo,
): Promise<void> {
  const target = resolve(io.cwd, path);
  const temp = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temp, text, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw new CliError(
      `${option} ${path}: cannot write the file: ${
        (error as NodeJS.ErrnoException).code ?? error
      }`,
    );
  }
}
