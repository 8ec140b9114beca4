import { scorecardFiltersSchema } from '@hardening/backstage-plugin-hardening-common';
import { InputError } from '@backstage/errors';
import { ScorecardService } from '../scorecard/ScorecardService';
import { groupRefValue } from '../service/routeParams';
import {
  ActionContext,
  asJson,
  entityOrGroupInput,
  readAccess,
  requireEntityOrGroup,
  READ_ONLY,
  RegistryZod,
} from './actionSupport';
import { validateJson } from '../service/jsonBody';

const levelRef = (zod: RegistryZod) =>
  zod.object({ id: zod.string(), title: zod.string() }).passthrough();

const entityScorecard = (zod: RegistryZod) =>
  zod
    .object({
      entityRef: zod.string(),
      owner: zod.string().nullable(),
      metrics: zod.object({}).passthrough(),
      level: levelRef(zod).nullable(),
      rank: zod.number(),
      nextLevel: levelRef(zod).nullable(),
      missingForNextLevel: zod
        .array(zod.string())
        .describe(
          'Why the next level is not reached: one sentence per rule that does not hold',
        ),
    })
    .passthrough();

const weeksSchema = scorecardFiltersSchema.pick({ weeks: true }).strict();

/** `get-scorecard`: the scorecard routes of an entity and of a group. */
export function registerScorecardActions(
  context: ActionContext & { scorecards: ScorecardService },
) {
  const { registry, scorecards } = context;

  registry.register({
    name: 'get-scorecard',
    title: 'Get hardening scorecard',
    description:
      'The hardening scorecard of an entity (entityRef) or of a team (groupRef, rolled up through its child groups): the level reached, the next level and missingForNextLevel (what the next level needs, one sentence per rule not met), the metrics behind them (freeze state, contract gate pass rate, required gates, stress, release chain, open triage failures, flaky tests, stale runbooks), and for a group its child groups, its entities and the trend of the last weeks. Give exactly one of entityRef and groupRef. Needs hardening.evidence.read on the entity; a group lists only the entities the caller may read.',
    attributes: READ_ONLY,
    schema: {
      input: zod =>
        zod
          .object({
            ...entityOrGroupInput(zod),
            weeks: zod
              .number()
              .int()
              .min(1)
              .max(26)
              .optional()
              .describe("How many weeks back a group's trend goes (default 4)"),
          })
          .strict(),
      output: zod =>
        zod.object({
          scorecard: entityScorecard(zod)
            .optional()
            .describe("The entity's scorecard (entityRef asked)"),
          group: zod
            .object({
              groupRef: zod.string(),
              entities: zod.number(),
              levels: zod.record(zod.number()),
              averages: zod.object({}).passthrough(),
            })
            .passthrough()
            .optional()
            .describe("The group's roll-up (groupRef asked)"),
          childGroups: zod.array(zod.object({}).passthrough()).optional(),
          entities: zod.array(entityScorecard(zod)).optional(),
          trend: zod.array(zod.object({}).passthrough()).optional(),
          levels: zod
            .array(levelRef(zod))
            .describe('The levels, lowest first, with their rules'),
          computedAt: zod.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      requireEntityOrGroup(input);
      if (input.entityRef !== undefined) {
        if (input.weeks !== undefined) {
          throw new InputError('weeks applies to a groupRef only');
        }
        const { entityRef } = await readAccess(
          context,
          credentials,
          input.entityRef,
        );
        return {
          output: asJson(await scorecards.entity(entityRef, credentials)),
        };
      }
      const { weeks } = validateJson(
        input.weeks === undefined ? {} : { weeks: input.weeks },
        weeksSchema,
        'weeks',
      );
      return {
        output: asJson(
          await scorecards.group(
            groupRefValue(input.groupRef!),
            credentials,
            weeks,
          ),
        ),
      };
    },
  });
}
