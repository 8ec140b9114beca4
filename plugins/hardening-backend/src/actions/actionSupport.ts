import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { z as zv3 } from 'zod/v3';
import { hardeningEvidenceReadPermission } from '@hardening/backstage-plugin-hardening-common';
import { principalName } from '../service/contractRouter';
import { EntityAccessCheck } from '../service/entityAccess';
import { entityRefValue } from '../service/routeParams';

/** The zod the actions registry hands schema builders (its JSON Schema comes from it). */
export type RegistryZod = typeof zv3;

/** What every group of actions needs: the registry and the routes' access check. */
export type ActionContext = {
  registry: ActionsRegistryService;
  /** The routes' check; actions use its `forCredentials`. */
  checkEntityAccess: EntityAccessCheck;
};

/** The `entityRef` input of the per-entity actions. */
export const entityRefInput = (zod: RegistryZod) =>
  zod
    .string()
    .min(1)
    .max(800)
    .describe(
      'The catalog entity, as kind:namespace/name (e.g. component:default/payments-api); kind defaults to component and namespace to default, so payments-api also works',
    );

/** The `groupRef` input of the team actions. */
export const groupRefInput = (zod: RegistryZod) =>
  zod
    .string()
    .min(1)
    .max(800)
    .describe(
      'A team, as group:namespace/name (e.g. group:default/team-payments) or just its name',
    );

/** The `entityRef` and `groupRef` inputs of the actions that answer for either. */
export const entityOrGroupInput = (zod: RegistryZod) => ({
  entityRef: entityRefInput(zod).optional(),
  groupRef: groupRefInput(zod).optional(),
});

/** Exactly one of `entityRef` and `groupRef` (a 400 otherwise). */
export function requireEntityOrGroup(input: {
  entityRef?: string;
  groupRef?: string;
}) {
  if ((input.entityRef === undefined) === (input.groupRef === undefined)) {
    throw new InputError('Give exactly one of entityRef and groupRef');
  }
}

/** The attributes of every read action. */
export const READ_ONLY = {
  readOnly: true,
  destructive: false,
  idempotent: true,
};

/** The `failureId` input of the triage actions. */
export const failureIdInput = (zod: RegistryZod) =>
  zod
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'failure ids are positive integers')
    .describe(
      'The failure id (failureId of an item of list-triage-queue, a positive integer as a string)',
    );

/**
 * The caller's access to an entity with `permission`, exactly as the routes decide it:
 * the entity ref normalised like their paths (400 when malformed), the catalog seen with
 * the caller's credentials (404), then the permission and, for a service writing, its
 * ingest binding (403).
 */
export async function entityAccess(
  context: ActionContext,
  credentials: BackstageCredentials,
  entityRef: string,
  permission: Parameters<EntityAccessCheck>[1],
  options?: { chainRead?: boolean },
) {
  return context.checkEntityAccess.forCredentials(
    credentials,
    entityRefValue(entityRef),
    permission,
    options,
  );
}

/** {@link entityAccess} with `hardening.evidence.read`, what every read action needs. */
export function readAccess(
  context: ActionContext,
  credentials: BackstageCredentials,
  entityRef: string,
  options?: { chainRead?: boolean },
) {
  return entityAccess(
    context,
    credentials,
    entityRef,
    hardeningEvidenceReadPermission,
    options,
  );
}

/**
 * A service's answer as its route sends it (dates as ISO strings, no undefined), which is
 * what the output schemas describe. Typed `any`: the actions registry checks it against
 * the action's output schema before it answers.
 */
export function asJson(value: object): any {
  return JSON.parse(JSON.stringify(value));
}

/**
 * An audited write, like the routes': the event names the entity, the caller (actions
 * have no request for the auditor to read it from) and that an action made it; it fails
 * with the error when `act` throws.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    severityLevel: 'medium' | 'high';
    action: string;
    credentials: BackstageCredentials;
    meta: JsonObject;
  },
  act: () => Promise<{ result: T; meta: JsonObject }>,
): Promise<T> {
  const audit = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: event.severityLevel,
    meta: {
      ...event.meta,
      actor: principalName(event.credentials.principal),
      via: `action:${event.action}`,
    },
  });
  try {
    const { result, meta } = await act();
    await audit.success({ meta });
    return result;
  } catch (error) {
    await audit.fail({ error: error as Error });
    throw error;
  }
}
