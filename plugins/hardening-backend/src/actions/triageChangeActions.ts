import {
  defectLinkRequestSchema,
  hardeningTriageManagePermission,
  TRIAGE_CLASSES,
  triageClassificationRequestSchema,
  TriageStateChangeResponse,
  triageStatusRequestSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import type { ZodRawShape } from 'zod/v3';
import { principalName } from '../service/contractRouter';
import {
  failureIdSchema,
  triageAuditMeta,
} from '../service/triageWorkflowRouter';
import {
  asJson,
  audited,
  entityAccess,
  entityRefInput,
  failureIdInput,
  RegistryZod,
} from './actionSupport';
import { validateJson } from '../service/jsonBody';
import type { TriageActionContext } from './triageActions';

const noteInput = (zod: RegistryZod) =>
  zod
    .string()
    .max(2000)
    .optional()
    .describe('Why, in a sentence or two; kept in the failure history');

const changeOutput = (zod: RegistryZod) =>
  zod.object({
    entityRef: zod.string(),
    failureId: zod.string(),
    state: zod
      .object({ status: zod.string(), class: zod.string().optional() })
      .passthrough()
      .describe('The state of the failure after the change'),
    entry: zod
      .object({
        at: zod.string(),
        by: zod.string(),
        from: zod.string(),
        to: zod.string(),
      })
      .passthrough()
      .describe('The history entry the change added'),
  });

/** One change action: its fields besides entityRef, failureId and note, and the route's body. */
type Change<TFields extends ZodRawShape, TBody extends z.ZodType> = {
  name: string;
  title: string;
  description: string;
  eventId: string;
  fields: (zod: RegistryZod) => TFields;
  /** The schema the route checks its body with. */
  body: TBody;
  act: (
    entityRef: string,
    failureId: string,
    body: z.infer<TBody>,
    by: string,
  ) => Promise<TriageStateChangeResponse>;
};

// Every change replaces the failure's current state, which its team works from, so none
// is marked non-destructive, though the failure's history keeps each change; and each
// call adds a history entry, so none is idempotent.
const CHANGE_ATTRIBUTES = {
  readOnly: false,
  destructive: true,
  idempotent: false,
};
const MANAGE =
  'Needs hardening.triage.manage on the entity (the portal grants it to its owners). Audited.';

/**
 * `classify-triage-failure`, `set-triage-status` and `record-defect-link`: the audited
 * changes of the triage workflow routes, with `hardening.triage.manage` on the entity
 * and the bodies those routes accept.
 */
export function registerTriageChangeActions(context: TriageActionContext) {
  const { registry, triage, auditor } = context;

  /** Access (manage), the route's body schema, then the audited change. */
  function registerChange<TFields extends ZodRawShape, TBody extends z.ZodType>(
    spec: Change<TFields, TBody>,
  ) {
    registry.register({
      name: spec.name,
      title: spec.title,
      description: `${spec.description} ${MANAGE}`,
      attributes: CHANGE_ATTRIBUTES,
      schema: {
        input: zod =>
          zod
            .object({
              entityRef: entityRefInput(zod),
              failureId: failureIdInput(zod),
              ...spec.fields(zod),
              note: noteInput(zod),
            })
            .strict(),
        output: changeOutput,
      },
      action: async ({ input, credentials }) => {
        const {
          entityRef: ref,
          failureId: id,
          ...body
        } = input as {
          entityRef: string;
          failureId: string;
        };
        const { entityRef } = await entityAccess(
          context,
          credentials,
          ref,
          hardeningTriageManagePermission,
        );
        const failureId = validateJson(id, failureIdSchema, 'failure id');
        const result = await audited(
          auditor,
          {
            eventId: spec.eventId,
            severityLevel: 'medium',
            action: spec.name,
            credentials,
            meta: { entityRef, failureId },
          },
          async () => {
            const data = validateJson(body, spec.body, `${spec.name} input`);
            const changed = await spec.act(
              entityRef,
              failureId,
              data,
              principalName(credentials.principal),
            );
            return { result: changed, meta: triageAuditMeta(changed) };
          },
        );
        return { output: asJson({ entityRef, failureId, ...result }) };
      },
    });
  }

  registerChange({
    name: 'classify-triage-failure',
    title: 'Classify a triage failure',
    description: `Classifies an integration failure of an entity (open becomes classified; a classified one gets the new class): infra-ci (CI or infrastructure), harness (test harness or fixtures), algorithm-regression (the code under test), data-schema-drift (data or schema changed under the test), flake (passes on retry). Use list-triage-queue for failureIds and their suggested class. Refused (ConflictError) for a fixed or won't-fix failure: reopen it first.`,
    eventId: 'triage-classify',
    fields: zod => ({ class: zod.enum(TRIAGE_CLASSES) }),
    body: triageClassificationRequestSchema,
    act: (ref, id, body, by) => triage.classify(ref, id, body, by),
  });

  registerChange({
    name: 'set-triage-status',
    title: 'Close or reopen a triage failure',
    description: `Closes a classified or defect-filed failure as fixed or wont-fix, or reopens a closed one (to: open). Refused (ConflictError) for a transition the lifecycle does not allow, e.g. closing an open failure before it is classified.`,
    eventId: 'triage-status',
    fields: zod => ({ to: zod.enum(['fixed', 'wont-fix', 'open']) }),
    body: triageStatusRequestSchema,
    act: (ref, id, body, by) => triage.changeStatus(ref, id, body, by),
  });

  registerChange({
    name: 'record-defect-link',
    title: 'Record the defect filed for a failure',
    description: `Records the issue a classified failure's defect was filed as (an http(s) URL without credentials, e.g. https://github.com/org/repo/issues/42); the failure becomes defect-filed. File it first from get-defect-draft. Refused (ConflictError) for an open failure (classify it first) or a closed one.`,
    eventId: 'triage-defect-link',
    fields: zod => ({
      url: zod.string().max(2048).describe('The issue URL'),
    }),
    body: defectLinkRequestSchema,
    act: (ref, id, body, by) => triage.linkDefect(ref, id, body, by),
  });
}
