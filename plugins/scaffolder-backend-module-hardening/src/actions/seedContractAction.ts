import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Document } from 'yaml';
import {
  DEFAULT_LAYOUT,
  securityDefaultContract,
} from '../contract/securityDefaultContract';

/**
 * `hardening:contract:seed`: writes a delivery contract with the security-default gates
 * into the workspace, pointed at the service's own files.
 */
export function seedContractAction() {
  return createTemplateAction({
    id: 'hardening:contract:seed',
    description:
      'Writes a delivery contract (YAML) with the security-default gates into the workspace',
    supportsDryRun: true,
    examples: [
      {
        description:
          'A contract for a service whose handlers live in src/handlers',
        example: [
          'steps:',
          '  - id: contract',
          '    action: hardening:contract:seed',
          '    input:',
          '      routes: ["src/handlers/**/*.ts"]',
          '      milestone: M3.3',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Where to write the contract, relative to the workspace (default docs/delivery-contract.yml)',
            ),
        routes: z =>
          z
            .array(z.string())
            .optional()
            .describe('Route handler files (globs)'),
        dataAccess: z =>
          z
            .array(z.string())
            .optional()
            .describe('Files that query the database (globs)'),
        sources: z =>
          z
            .array(z.string())
            .optional()
            .describe('Source and config files searched for secrets (globs)'),
        criticalActions: z =>
          z
            .array(z.string())
            .optional()
            .describe('Share, delete, export and download handlers (globs)'),
        authPattern: z =>
          z
            .string()
            .optional()
            .describe('Regular expression of the authentication call'),
        validationPattern: z =>
          z
            .string()
            .optional()
            .describe('Regular expression of the input validation call'),
        tenantIsolation: z =>
          z
            .boolean()
            .optional()
            .describe('Add the tenant-scoped queries gate (default true)'),
        tenantPattern: z =>
          z
            .string()
            .optional()
            .describe('Regular expression that narrows a query to the tenant'),
        auditPattern: z =>
          z
            .string()
            .optional()
            .describe('Regular expression of the audit log call'),
        milestone: z =>
          z.string().optional().describe('The contract milestone, e.g. M3.3'),
        overwrite: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Replace a contract already in the workspace (default false)',
            ),
      },
      output: {
        path: z =>
          z.string().describe('The contract, relative to the workspace'),
        gateIds: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      // The scaffolder validates inputs against the JSON schema but does not fill in
      // defaults, so they are applied here.
      const { input } = ctx;
      const path = input.path ?? 'docs/delivery-contract.yml';
      const contract = securityDefaultContract({
        routes: input.routes ?? DEFAULT_LAYOUT.routes,
        dataAccess: input.dataAccess ?? DEFAULT_LAYOUT.dataAccess,
        sources: input.sources ?? DEFAULT_LAYOUT.sources,
        criticalActions:
          input.criticalActions ?? DEFAULT_LAYOUT.criticalActions,
        authPattern: input.authPattern || DEFAULT_LAYOUT.authPattern,
        validationPattern:
          input.validationPattern || DEFAULT_LAYOUT.validationPattern,
        tenantPattern:
          input.tenantIsolation === false
            ? undefined
            : input.tenantPattern || DEFAULT_LAYOUT.tenantPattern,
        auditPattern: input.auditPattern || DEFAULT_LAYOUT.auditPattern,
        milestone: input.milestone || undefined,
      });
      const doc = new Document(contract);
      doc.commentBefore = [
        ' Delivery contract: rules that must stay true in this code base.',
        ' Checked in CI by `hardening contract check`; see the Hardening tab of the service.',
        ' Active gates block; planned gates are reported until they are switched to active.',
      ].join('\n');
      const target = resolveSafeChildPath(ctx.workspacePath, path);
      await mkdir(dirname(target), { recursive: true });
      try {
        await writeFile(target, doc.toString({ lineWidth: 0 }), {
          flag: input.overwrite ? 'w' : 'wx',
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ConflictError(
            `${path} already exists in the workspace; set overwrite to replace it`,
          );
        }
        throw error;
      }
      ctx.logger.info(
        `Wrote ${path} with ${contract.gates.length} gates: ${contract.gates
          .map(g => `${g.id} (${g.status})`)
          .join(', ')}`,
      );
      ctx.output('path', path);
      ctx.output(
        'gateIds',
        contract.gates.map(g => g.id),
      );
    },
  });
}
