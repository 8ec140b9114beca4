import { mockCredentials } from '@backstage/backend-test-utils';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';

/** A template as the template editor sends it to the dry-run API: the YAML and its files. */
export async function loadTemplate(directory: string) {
  const entries = await readdir(directory, {
    recursive: true,
    withFileTypes: true,
  });
  const directoryContents = await Promise.all(
    entries
      .filter(entry => entry.isFile())
      .map(async entry => {
        const path = join(entry.parentPath, entry.name);
        return {
          path: relative(directory, path).split(sep).join('/'),
          base64Content: (await readFile(path)).toString('base64'),
        };
      }),
  );
  const template = parse(
    await readFile(join(directory, 'template.yaml'), 'utf8'),
  );
  return { template, directoryContents };
}

export type DryRunResult = {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: {
    path: string;
    base64Content: string;
    executable?: boolean;
  }[];
  output: {
    links?: unknown[];
    text?: { title?: string; content?: string; if?: unknown }[];
  };
  steps: { id: string }[];
};

/**
 * Starts a real backend with the scaffolder, its GitHub module and the Hardening module
 * (see `scaffolderBackend.ts`) in a child process, and returns a client of its dry-run API,
 * the one the template editor uses. A process of its own keeps the backend out of Jest's
 * module sandbox, whose foreign array prototypes the scaffolder's templating refuses.
 */
export async function startScaffolderBackend() {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(__dirname, 'scaffolderBackend.ts'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', chunk => {
      out += chunk;
      const ready = out.match(/^listening on (http:\S+)$/m);
      if (ready) resolve(ready[1]);
    });
    child.on('exit', code =>
      reject(new Error(`the backend exited with ${code}: ${out}`)),
    );
  });

  return {
    async dryRun(
      template: { template: unknown; directoryContents: unknown[] },
      values: Record<string, unknown>,
    ): Promise<{ status: number; body: any }> {
      const res = await fetch(`${origin}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header('user:default/guest'),
        },
        body: JSON.stringify({ ...template, values, secrets: {} }),
      });
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The text of a file the dry run generated. */
export function generatedFile(result: DryRunResult, path: string): string {
  const file = result.directoryContents.find(f => f.path === path);
  if (!file) {
    throw new Error(
      `${path} was not generated; got ${result.directoryContents
        .map(f => f.path)
        .join(', ')}`,
    );
  }
  return Buffer.from(file.base64Content, 'base64').toString('utf8');
}
