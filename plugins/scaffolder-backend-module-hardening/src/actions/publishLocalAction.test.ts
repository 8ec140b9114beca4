import { JsonObject } from '@backstage/types';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishLocalAction } from './publishLocalAction';

describe('hardening:publish:local', () => {
  const workspace = createMockDirectory();
  const output = createMockDirectory();
  beforeEach(() => {
    workspace.setContent({
      'scripts/stress-share-pack.mjs': 'console.log(1);\n',
      '.github/workflows/stress.yml': 'name: stress\n',
    });
    output.clear();
  });

  const context = (input: JsonObject) =>
    createMockActionContext({
      input,
      workspacePath: workspace.path,
      task: { id: '0f1e2d3c-aaaa-bbbb' },
    });

  it('copies the workspace into a new folder named after the task', async () => {
    const ctx = context({ name: 'stress-share-pack' });
    await publishLocalAction({ outputDir: output.path }).handler(ctx as any);

    const folder = join(output.path, 'stress-share-pack-0f1e2d3c');
    expect(ctx.output).toHaveBeenCalledWith('path', folder);
    expect(ctx.output).toHaveBeenCalledWith('files', [
      '.github/workflows/stress.yml',
      'scripts/stress-share-pack.mjs',
    ]);
    expect(
      await readFile(join(folder, 'scripts/stress-share-pack.mjs'), 'utf8'),
    ).toBe('console.log(1);\n');
    expect(
      await readFile(join(folder, '.github/workflows/stress.yml'), 'utf8'),
    ).toBe('name: stress\n');
  });

  it('writes nothing in a dry run', async () => {
    const ctx = { ...context({ name: 'stress-share-pack' }), isDryRun: true };
    await publishLocalAction({ outputDir: output.path }).handler(ctx as any);

    expect(ctx.output).toHaveBeenCalledWith(
      'path',
      join(output.path, 'stress-share-pack-0f1e2d3c'),
    );
    expect(output.content()).toEqual({});
  });

  it('never overwrites a folder and never leaves the workspace', async () => {
    const action = publishLocalAction({ outputDir: output.path });
    await action.handler(context({ name: 'contract' }) as any);
    await expect(
      action.handler(context({ name: 'contract' }) as any),
    ).rejects.toThrow(/exists/);
    await expect(
      action.handler(context({ name: 'contract', sourcePath: '../..' }) as any),
    ).rejects.toThrow(/outside/i);
  });
});
