import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import { TriageCatalog } from '../triage/triageCatalog';
import { MAX_QUEUE_LIMIT, TriageService } from '../triage/TriageService';
import { groupRefValue } from '../service/routeParams';
import {
  failureIdSchema,
  parseQueueQuery,
} from '../service/triageWorkflowRouter';
import {
  ActionContext,
  asJson,
  entityRefInput,
  entityOrGroupInput,
  readAccess,
  requireEntityOrGroup,
  READ_ONLY,
  failureIdInput,
  RegistryZod,
} from './actionSupport';
import { validateJson } from '../service/jsonBody';
import { registerTriageChangeActions } from './triageChangeActions';

export type TriageActionContext = ActionContext & {
  triage: TriageService;
  catalog: TriageCatalog;
  auditor: AuditorService;
};

const queueItem = (zod: RegistryZod) =>
  zod
    .object({
      entityRef: zod.string(),
      failureId: zod.string(),
      fingerprint: zod.string(),
      title: zod.string().optional(),
      firstSeen: zod.string(),
      lastSeen: zod.string(),
      occurrences: zod.number(),
      state: zod
        .object({ status: zod.string(), class: zod.string().optional() })
        .passthrough(),
      suggestion: zod
        .object({ class: zod.string() })
        .passthrough()
        .optional()
        .describe('The class the configured rules suggest, and why'),
      escalation: zod
        .object({
          unclassifiedTooLong: zod.boolean(),
          spansScenarioClasses: zod.boolean(),
        })
        .passthrough(),
    })
    .passthrough();

/** The entity of a triage read: read access as the routes check it, then the catalog. */
export async function triageEntity(
  context: TriageActionContext,
  credentials: BackstageCredentials,
  ref: string,
) {
  const { entityRef } = await readAccess(context, credentials, ref);
  return context.catalog.entity(entityRef, credentials);
}

/**
 * `list-triage-queue` and `get-defect-draft`, then the changes (see
 * registerTriageChangeActions): the triage workflow routes' services.
 */
export function registerTriageActions(context: TriageActionContext) {
  const { registry, triage, catalog } = context;

  registry.register({
    name: 'list-triage-queue',
    title: 'List triage queue',
    description: `The triage queue of one entity (entityRef) or of a team (groupRef: every entity the group or a group below it owns that the caller may read): the open, classified and defect-filed integration failures, with failureId (for the other triage actions), title, occurrences, first and last seen, state (status, class), the suggested class and escalation (unclassified past its deadline). Give exactly one of entityRef and groupRef. Needs hardening.evidence.read on the entities.`,
    attributes: READ_ONLY,
    schema: {
      input: zod =>
        zod
          .object({
            ...entityOrGroupInput(zod),
            limit: zod
              .number()
              .int()
              .min(1)
              .max(MAX_QUEUE_LIMIT)
              .optional()
              .describe('At most this many failures (default 200)'),
          })
          .strict(),
      output: zod =>
        zod.object({
          items: zod.array(queueItem(zod)),
          entityRefs: zod.array(zod.string()),
          evaluatedAt: zod.string(),
          escalateAfterHours: zod.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      requireEntityOrGroup(input);
      const { limit } = parseQueueQuery(
        input.limit === undefined ? {} : { limit: input.limit },
      );
      const entities = input.groupRef
        ? (
            await catalog.teamEntities(
              groupRefValue(input.groupRef),
              credentials,
              hardeningEvidenceReadPermission,
            )
          ).entities
        : [await triageEntity(context, credentials, input.entityRef!)];
      return { output: asJson(await triage.queue(entities, limit)) };
    },
  });

  registry.register({
    name: 'get-defect-draft',
    title: 'Get defect draft',
    description:
      "The defect to file for a triage failure, rendered from the entity's defect template: title, Markdown body (failure, evidence, CI run, repro command, runbook section) and, when the entity's repository is on GitHub or GitLab, a prefilled new-issue link. Reads only; after filing the issue, record it with record-defect-link. Needs hardening.evidence.read on the entity.",
    attributes: READ_ONLY,
    schema: {
      input: zod =>
        zod
          .object({
            entityRef: entityRefInput(zod),
            failureId: failureIdInput(zod),
          })
          .strict(),
      output: zod =>
        zod.object({
          title: zod.string(),
          markdown: zod.string(),
          fields: zod.object({}).passthrough(),
          template: zod.object({ kind: zod.string() }).passthrough(),
          newIssue: zod.object({ url: zod.string() }).passthrough().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entity = await triageEntity(context, credentials, input.entityRef);
      const failureId = validateJson(
        input.failureId,
        failureIdSchema,
        'failure id',
      );
      return { output: asJson(await triage.defect(entity, failureId)) };
    },
  });

  registerTriageChangeActions(context);
}
