import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatIssuePath,
  milestoneIdSchema,
  milestoneStageSchema,
  milestoneTagName,
  milestoneUpdateSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { HardeningApi } from './hardeningApi';

const STAGES = milestoneStageSchema.options as [string, ...string[]];

function issues(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return error.issues
    .map(issue => `${formatIssuePath(issue.path)}: ${issue.message}`)
    .join('; ');
}

/**
 * `hardening:milestone:create`: creates (or updates) a milestone of an entity on the
 * Hardening backend with `PUT …/milestones/{id}`, as the user running the template.
 */
export function createMilestoneAction(options: { api: HardeningApi }) {
  return createTemplateAction({
    id: 'hardening:milestone:create',
    description:
      'Creates or updates a Hardening milestone of an entity, with the thresholds its freeze is judged by',
    supportsDryRun: true,
    examples: [
      {
        description: 'A hardening milestone with a 500 ms p95 limit',
        example: [
          'steps:',
          '  - id: milestone',
          '    action: hardening:milestone:create',
          '    input:',
          '      entityRef: ${{ parameters.component }}',
          '      milestoneId: M3.3',
          '      title: Share packs hardened',
          '      p95LimitMs: 500',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe('The entity, e.g. component:default/payments-api'),
        milestoneId: z =>
          z
            .string()
            .describe(
              'Milestone id, e.g. M3.3.1 (letters, digits, ".", "_", "-")',
            ),
        title: z => z.string().describe('What the milestone delivers'),
        stage: z =>
          z
            .enum(STAGES)
            .optional()
            .describe(
              'feature-spike, hardening-slice (default), orchestration-slice or frozen',
            ),
        p95LimitMs: z =>
          z.number().describe('Highest p95 latency of the stress run, in ms'),
        errorRateLimit: z =>
          z
            .number()
            .optional()
            .describe('Highest error rate of the read phases (default 0)'),
        requiredGates: z =>
          z
            .array(z.string())
            .optional()
            .describe('CI gates that must pass (default lint and build)'),
        contractGateIds: z =>
          z
            .array(z.string())
            .optional()
            .describe('Contract gates that must pass (default: every gate)'),
        e2eTags: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Test tags that need a passing report (default e2e:happy, e2e:security)',
            ),
        tagPattern: z =>
          z
            .string()
            .optional()
            .describe('Git tag to expect; {id} is the lower-cased id'),
      },
      output: {
        milestoneId: z => z.string(),
        created: z => z.boolean().describe('False when the milestone existed'),
        expectedTag: z => z.string().describe('The git tag its freeze expects'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      let ref;
      try {
        ref = parseEntityRef(input.entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new InputError(`entityRef: ${(error as Error).message}`);
      }
      const id = milestoneIdSchema.safeParse(input.milestoneId);
      if (!id.success) {
        throw new InputError(`milestoneId: ${id.error.issues[0].message}`);
      }
      const body = {
        title: input.title,
        stage: input.stage ?? 'hardening-slice',
        thresholds: {
          p95LimitMs: input.p95LimitMs,
          ...(input.errorRateLimit !== undefined
            ? { errorRateLimit: input.errorRateLimit }
            : {}),
          ...(input.requiredGates
            ? { requiredGates: input.requiredGates }
            : {}),
          ...(input.contractGateIds
            ? { contractGateIds: input.contractGateIds }
            : {}),
          ...(input.e2eTags ? { e2eTags: input.e2eTags } : {}),
        },
        ...(input.tagPattern ? { tagPattern: input.tagPattern } : {}),
      };
      // The backend checks the same schema; checking here names the input at fault first.
      const update = milestoneUpdateSchema.safeParse(body);
      if (!update.success) {
        throw new InputError(`Invalid milestone: ${issues(update.error)}`);
      }
      const expectedTag = milestoneTagName({
        id: id.data,
        tagPattern: update.data.tagPattern,
      });
      const entityRef = `${ref.kind.toLocaleLowerCase('en-US')}:${
        ref.namespace
      }/${ref.name}`;
      ctx.output('milestoneId', id.data);
      ctx.output('expectedTag', expectedTag);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would put milestone ${
            id.data
          } on ${entityRef}: ${JSON.stringify(body)}`,
        );
        ctx.output('created', false);
        return;
      }
      const entityPath = [
        ref.kind.toLocaleLowerCase('en-US'),
        ref.namespace,
        ref.name,
      ]
        .map(encodeURIComponent)
        .join('/');
      const { created } = await options.api.putMilestone({
        entityPath,
        milestoneId: id.data,
        body,
        credentials: await ctx.getInitiatorCredentials(),
      });
      ctx.logger.info(
        `${created ? 'Created' : 'Updated'} milestone ${
          id.data
        } of ${entityRef}; its freeze expects the tag ${expectedTag}`,
      );
      ctx.output('created', created);
    },
  });
}
