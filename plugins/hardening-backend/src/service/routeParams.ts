import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { z } from 'zod';
import { lowerRef } from '../catalog';
import { describeQueryIssues } from './ciContextQuery';

/** A kind, namespace or name of an entity as a path segment. */
const namePart = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'is not a valid entity name part');

const entityParamsSchema = z.object({
  kind: namePart,
  namespace: namePart,
  name: namePart,
});

const groupParamsSchema = z.object({ namespace: namePart, name: namePart });

/** The path parameters `schema` validates; a 400 naming `what` and each parameter at fault otherwise. */
function pathParams<T extends z.ZodType>(
  req: Request,
  schema: T,
  what: string,
): z.infer<T> {
  const params = schema.safeParse(req.params);
  if (!params.success) {
    throw new InputError(
      `Invalid ${what} in path: ${params.error.issues
        .map(i => `${i.path.join('.')} ${i.message}`)
        .join('; ')}`,
    );
  }
  return params.data;
}

/** The entity of a `…/:kind/:namespace/:name` path, lower-cased; 400 when malformed. */
export function entityRefParam(req: Request): string {
  return lowerRef(
    stringifyEntityRef(pathParams(req, entityParamsSchema, 'entity')),
  );
}

/** The group of a `…/:namespace/:name` path (`group:<namespace>/<name>`), lower-cased; 400 when malformed. */
export function groupRefParam(req: Request): string {
  return lowerRef(
    stringifyEntityRef({
      kind: 'group',
      ...pathParams(req, groupParamsSchema, 'group'),
    }),
  );
}

/**
 * An entity ref given as a value (e.g. an action's input): `kind:namespace/name`, the kind
 * `defaultKind` and the namespace `default` when left out, each part as the entity routes
 * accept it in their path; lower-cased. A 400 naming the part at fault otherwise.
 */
export function entityRefValue(
  ref: string,
  defaultKind: string = 'component',
): string {
  let parts: { kind: string; namespace: string; name: string };
  try {
    parts = parseEntityRef(ref, {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(`Invalid entity ref ${JSON.stringify(ref)}: ${error}`);
  }
  const parsed = entityParamsSchema.safeParse(parts);
  if (!parsed.success) {
    throw new InputError(
      `Invalid entity ref ${JSON.stringify(ref)}: ${parsed.error.issues
        .map(i => `${i.path.join('.')} ${i.message}`)
        .join('; ')}`,
    );
  }
  return lowerRef(stringifyEntityRef(parsed.data));
}

/** A group given as a value: `group:namespace/name`, `namespace/name` or `name`; lower-cased. */
export function groupRefValue(ref: string): string {
  const groupRef = entityRefValue(ref, 'group');
  if (!groupRef.startsWith('group:')) {
    throw new InputError(
      `Invalid group ref ${JSON.stringify(ref)}: it names a ${
        groupRef.split(':')[0]
      }, not a group`,
    );
  }
  return groupRef;
}

/** A path parameter validated with `schema`; a 400 naming `what` otherwise. */
export function pathParam<T extends z.ZodType<string>>(
  req: Request,
  name: string,
  schema: T,
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(req.params[name]);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what} in path: ${parsed.error.issues
        .map(i => i.message)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** Routes without query parameters answer 400 to any, so that a typo is never ignored. */
export function noQueryParams(req: Request): void {
  const parsed = z.strictObject({}).safeParse(req.query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid parameters: ${describeQueryIssues(parsed.error)}`,
    );
  }
}
