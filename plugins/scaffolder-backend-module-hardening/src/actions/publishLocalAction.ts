import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * `hardening:publish:local`: copies the workspace into a new folder under a configured
 * directory on the backend host, so a template can be tried without a repository.
 */
export function publishLocalAction(options: { outputDir: string }) {
  return createTemplateAction({
    id: 'hardening:publish:local',
    description:
      'Writes the workspace into a new folder on the backend host, to try a template without opening a pull request',
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .regex(
              /^[a-z0-9][a-z0-9._-]{0,62}$/,
              'lower-case letters, digits, ".", "_" and "-"',
            )
            .describe(
              'Folder name; the task id is appended so that runs do not collide',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Part of the workspace to write, relative to it (default: all of it)',
            ),
      },
      output: {
        path: z => z.string().describe('The folder written'),
        files: z =>
          z.array(z.string()).describe('The files written, relative to it'),
      },
    },
    async handler(ctx) {
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const folder = `${ctx.input.name}-${ctx.task.id.slice(0, 8)}`;
      const target = resolveSafeChildPath(options.outputDir, folder);
      const files = (
        await readdir(source, { recursive: true, withFileTypes: true })
      )
        .filter(entry => entry.isFile())
        .map(entry =>
          relative(source, join(entry.parentPath, entry.name))
            .split(sep)
            .join('/'),
        )
        .sort();
      if (files.length === 0) {
        throw new InputError(
          `Nothing to write: ${
            ctx.input.sourcePath ?? 'the workspace'
          } is empty`,
        );
      }
      ctx.output('path', target);
      ctx.output('files', files);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would write ${files.length} file(s) to ${target}`,
        );
        return;
      }
      await mkdir(options.outputDir, { recursive: true });
      await cp(source, target, {
        recursive: true,
        errorOnExist: true,
        force: false,
      });
      ctx.logger.info(`Wrote ${files.length} file(s) to ${target}`);
    },
  });
}
