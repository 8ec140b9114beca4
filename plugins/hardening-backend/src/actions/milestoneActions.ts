import { AuditorService } from '@backstage/backend-plugin-api';
import {
  freezeRequestSchema,
  hardeningMilestoneManagePermission,
  milestoneIdSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { principalName } from '../service/contractRouter';
import { MilestoneEvents } from '../service/milestoneEvents';
import { requestingUser } from '../service/milestoneRouter';
import { MilestoneService } from '../service/milestoneService';
import {
  ActionContext,
  asJson,
  audited,
  entityAccess,
  readAccess,
  entityRefInput,
  READ_ONLY,
  RegistryZod,
} from './actionSupport';
import { validateJson } from '../service/jsonBody';

const checklistItem = (zod: RegistryZod) =>
  zod
    .object({
      id: zod.string(),
      label: zod.string(),
      passed: zod.boolean(),
      reason: zod
        .string()
        .describe('Why the item passed or, when it did not, what is missing'),
      evidence: zod
        .array(
          zod
            .object({
              kind: zod.string(),
              reportId: zod.string(),
              digest: zod.string(),
              receivedAt: zod.string(),
            })
            .passthrough(),
        )
        .describe('The stored reports the item was judged on'),
    })
    .passthrough();

/** A milestone with its checklist, as `GET …/milestones` answers it. */
const milestoneStatus = (zod: RegistryZod) =>
  zod
    .object({
      milestone: zod
        .object({
          id: zod.string(),
          title: zod.string().optional(),
          stage: zod.string().optional(),
          freeze: zod
            .object({ tag: zod.string(), frozenAt: zod.string() })
            .passthrough()
            .nullable(),
        })
        .passthrough(),
      checklist: zod
        .object({
          state: zod
            .enum(['frozen', 'ready', 'blocked', 'regressed'])
            .describe(
              'ready: may be frozen; blocked: some item failing; frozen: frozen and still green; regressed: frozen, then an item failed',
            ),
          evaluatedAt: zod.string(),
          items: zod.array(checklistItem(zod)),
        })
        .passthrough(),
    })
    .passthrough();

const milestoneIdInput = (zod: RegistryZod) =>
  zod
    .string()
    .min(1)
    .max(64)
    .describe('The milestone id, e.g. M3.3.1 (see get-freeze-status)');

/** `get-freeze-status` and `freeze-milestone`: the milestone routes' services. */
export function registerMilestoneActions(
  context: ActionContext & {
    milestones: MilestoneService;
    events: MilestoneEvents;
    auditor: AuditorService;
  },
) {
  const { registry, milestones, events, auditor } = context;

  registry.register({
    name: 'get-freeze-status',
    title: 'Get freeze status',
    description:
      "Lists an entity's hardening milestones with their frozen-state checklist: each item (contract gates, stress run, e2e coverage, required CI gates, milestone tag, witnesses when required) with passed, the reason (what is missing when it fails) and the evidence (stored reports) it was judged on, and the milestone's state (ready, blocked, frozen, regressed). The same data as the entity's Hardening tab. Needs hardening.evidence.read on the entity.",
    attributes: READ_ONLY,
    schema: {
      input: zod => zod.object({ entityRef: entityRefInput(zod) }).strict(),
      output: zod =>
        zod.object({
          entityRef: zod.string(),
          milestones: zod.array(milestoneStatus(zod)),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef } = await readAccess(
        context,
        credentials,
        input.entityRef,
      );
      const items = await milestones.list(entityRef);
      return { output: asJson({ entityRef, milestones: items }) };
    },
  });

  registry.register({
    name: 'freeze-milestone',
    title: 'Freeze a milestone',
    description:
      "Freezes a milestone of an entity whose checklist is all green (state ready): records the freeze with the evidence relied on and appends a freeze entry to the entity's release audit chain. Refused (ConflictError naming each failing item and why) when an item is not green; check get-freeze-status first. Needs hardening.milestone.manage on the entity (the portal grants it to the entity's owners). Audited.",
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: zod =>
        zod
          .object({
            entityRef: entityRefInput(zod),
            milestoneId: milestoneIdInput(zod),
            tag: zod
              .string()
              .max(255)
              .optional()
              .describe(
                "The git tag to record; must be the milestone's expected tag, which is the default",
              ),
          })
          .strict(),
      output: zod =>
        zod.object({
          entityRef: zod.string(),
          frozen: milestoneStatus(zod).extend({
            freeze: zod
              .object({
                tag: zod.string(),
                frozenAt: zod.string(),
                frozenBy: zod.string(),
                chainEntryHash: zod.string(),
              })
              .passthrough(),
          }),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef } = await entityAccess(
        context,
        credentials,
        input.entityRef,
        hardeningMilestoneManagePermission,
      );
      const milestoneId = validateJson(
        input.milestoneId,
        milestoneIdSchema,
        'milestone id',
      );
      const body = validateJson(
        input.tag === undefined ? {} : { tag: input.tag },
        freezeRequestSchema,
        'freeze request',
      );
      const frozen = await audited(
        auditor,
        {
          eventId: 'milestone-freeze',
          severityLevel: 'high',
          action: 'freeze-milestone',
          credentials,
          meta: { entityRef, milestoneId },
        },
        async () => {
          const result = await milestones.freeze(entityRef, milestoneId, {
            tag: body.tag,
            frozenBy: principalName(credentials.principal),
          });
          return {
            result,
            meta: {
              tag: result.freeze.tag,
              chainEntryHash: result.freeze.chainEntryHash,
              evidence: result.freeze.evidence.map(e => e.digest),
            },
          };
        },
      );
      await events.signal(
        { entityRef, milestoneId, state: frozen.checklist.state },
        { requestedBy: requestingUser(credentials) },
      );
      return { output: asJson({ entityRef, frozen }) };
    },
  });
}
