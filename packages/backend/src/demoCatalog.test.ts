/*
 * Validates the demo catalog in examples/*.yaml (Northwind Freight).
 *
 * The checks mirror what the catalog backend does when it ingests these
 * files (entity policies + built-in kind validators) and add the
 * cross-file guarantees the demo relies on: every relation target exists,
 * the group tree is consistent, and the entities used by e2e tests and the
 * guest sign-in are present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');

type LoadedEntity = {
  /** e.g. "components.yaml#3" (document index, 0-based), for messages. */
  source: string;
  entity: Entity;
};

type RefField = {
  field: string;
  /** Kind assumed when the ref omits it; undefined means kind is required. */
  defaultKind?: string;
  /** Lower-case kinds the target is allowed to have. */
  allowedKinds: string[];
};

/** The relation-bearing spec fields, per kind, as the catalog backend reads them. */
const REF_FIELDS: Record<string, RefField[]> = {
  component: [
    { field: 'owner', defaultKind: 'Group', allowedKinds: ['group', 'user'] },
    { field: 'system', defaultKind: 'System', allowedKinds: ['system'] },
    {
      field: 'subcomponentOf',
      defaultKind: 'Component',
      allowedKinds: ['component'],
    },
    { field: 'providesApis', defaultKind: 'API', allowedKinds: ['api'] },
    { field: 'consumesApis', defaultKind: 'API', allowedKinds: ['api'] },
    { field: 'dependsOn', allowedKinds: ['component', 'resource'] },
    { field: 'dependencyOf', allowedKinds: ['component', 'resource'] },
  ],
  api: [
    { field: 'owner', defaultKind: 'Group', allowedKinds: ['group', 'user'] },
    { field: 'system', defaultKind: 'System', allowedKinds: ['system'] },
  ],
  resource: [
    { field: 'owner', defaultKind: 'Group', allowedKinds: ['group', 'user'] },
    { field: 'system', defaultKind: 'System', allowedKinds: ['system'] },
    { field: 'dependsOn', allowedKinds: ['component', 'resource'] },
    { field: 'dependencyOf', allowedKinds: ['component', 'resource'] },
  ],
  system: [
    { field: 'owner', defaultKind: 'Group', allowedKinds: ['group', 'user'] },
    { field: 'domain', defaultKind: 'Domain', allowedKinds: ['domain'] },
  ],
  domain: [
    { field: 'owner', defaultKind: 'Group', allowedKinds: ['group', 'user'] },
    { field: 'subdomainOf', defaultKind: 'Domain', allowedKinds: ['domain'] },
  ],
  user: [{ field: 'memberOf', defaultKind: 'Group', allowedKinds: ['group'] }],
  group: [
    { field: 'parent', defaultKind: 'Group', allowedKinds: ['group'] },
    { field: 'children', defaultKind: 'Group', allowedKinds: ['group'] },
    { field: 'members', defaultKind: 'User', allowedKinds: ['user'] },
  ],
};

const GROUP_TYPES = ['department', 'team'];
const TIERS = ['tier-1', 'tier-2', 'tier-3'];
const SOURCE_LOCATION = 'backstage.io/source-location';

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
];

// Same default policy set the catalog backend applies on ingestion.
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

function loadExamples(): { entities: LoadedEntity[]; problems: string[] } {
  const entities: LoadedEntity[] = [];
  const problems: string[] = [];
  const files = fs
    .readdirSync(EXAMPLES_DIR)
    .filter(f => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  for (const file of files) {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
    parseAllDocuments(text).forEach((doc, index) => {
      const source = `${file}#${index}`;
      if (doc.errors.length > 0) {
        problems.push(
          `${source}: YAML error: ${doc.errors.map(e => e.message).join('; ')}`,
        );
        return;
      }
      const value = doc.toJS();
      if (value === null || value === undefined) {
        return; // empty document, e.g. a trailing "---"
      }
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${source}: document is not a mapping`);
        return;
      }
      entities.push({ source, entity: value as Entity });
    });
  }
  return { entities, problems };
}

function refKey(entity: Entity): string {
  return stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  }).toLocaleLowerCase('en-US');
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const { entities, problems: loadProblems } = loadExamples();
const byRef = new Map<string, LoadedEntity>();
for (const e of entities) {
  byRef.set(refKey(e.entity), e);
}

function ofKind(kind: string): Entity[] {
  return entities
    .map(e => e.entity)
    .filter(e => e.kind?.toLocaleLowerCase('en-US') === kind);
}

function find(kind: string, name: string): Entity | undefined {
  return byRef.get(`${kind}:default/${name}`.toLocaleLowerCase('en-US'))
    ?.entity;
}

/** Resolves a ref the way the catalog backend does; returns a lower-case key. */
function resolve(
  raw: string,
  defaultKind: string | undefined,
  namespace: string,
): string {
  return stringifyEntityRef(
    parseEntityRef(raw, { defaultKind, defaultNamespace: namespace }),
  ).toLocaleLowerCase('en-US');
}

describe('demo catalog (examples/*.yaml)', () => {
  it('parses every YAML document without errors', () => {
    expect(loadProblems).toEqual([]);
    expect(entities.length).toBeGreaterThan(0);
  });

  it('contains no leftover scaffold placeholders', () => {
    const files = fs.readdirSync(EXAMPLES_DIR);
    expect(files).not.toContain('entities.yaml');
    const leftovers = entities
      .filter(e => ['guests', 'examples'].includes(e.entity.metadata?.name))
      .map(e => `${e.source}: ${refKey(e.entity)}`);
    expect(leftovers).toEqual([]);
  });

  it('passes the catalog entity policies and built-in kind validators', async () => {
    const failures: string[] = [];
    for (const { source, entity } of entities) {
      const label = `${source} (${entity?.kind}:${entity?.metadata?.name})`;
      try {
        if (entity.apiVersion !== 'backstage.io/v1alpha1') {
          throw new Error(`apiVersion is ${entity.apiVersion}`);
        }
        const enforced = await policy.enforce(entity);
        if (!enforced) {
          throw new Error('rejected by entity policies');
        }
        let known = false;
        for (const validator of kindValidators) {
          if (await validator.check(enforced)) {
            known = true;
          }
        }
        if (!known) {
          throw new Error(`no built-in validator accepts kind ${entity.kind}`);
        }
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has no duplicate entity refs', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { source, entity } of entities) {
      const key = refKey(entity);
      const first = seen.get(key);
      if (first) {
        duplicates.push(`${key} in ${first} and ${source}`);
      } else {
        seen.set(key, source);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it('resolves every relation ref to an entity of an allowed kind in the files', () => {
    const unresolved: string[] = [];
    let checked = 0;
    for (const { source, entity } of entities) {
      const fields = REF_FIELDS[entity.kind.toLocaleLowerCase('en-US')] ?? [];
      const namespace = entity.metadata.namespace ?? 'default';
      for (const { field, defaultKind, allowedKinds } of fields) {
        for (const raw of asList(entity.spec?.[field])) {
          const where = `${source} ${refKey(entity)} spec.${field} "${raw}"`;
          let target: string;
          try {
            target = resolve(String(raw), defaultKind, namespace);
          } catch (error) {
            unresolved.push(`${where}: ${(error as Error).message}`);
            continue;
          }
          checked += 1;
          const kind = target.split(':')[0];
          if (!allowedKinds.includes(kind)) {
            unresolved.push(
              `${where}: resolves to kind "${kind}", expected one of ${allowedKinds.join(
                ', ',
              )}`,
            );
          } else if (!byRef.has(target)) {
            unresolved.push(`${where}: ${target} does not exist`);
          }
        }
      }
    }
    expect(unresolved).toEqual([]);
    // Guard against the loop silently checking nothing.
    expect(checked).toBeGreaterThan(50);
  });

  describe('organisation', () => {
    const groups = ofKind('group');
    const users = ofKind('user');

    it('has a department root with at least 5 teams and a nested sub-team', () => {
      const roots = groups.filter(g => !g.spec?.parent);
      expect(roots.map(g => g.metadata.name)).toEqual(['engineering']);
      expect(roots[0].spec?.type).toBe('department');

      const engineeringRef = 'group:default/engineering';
      const teams = groups.filter(g => g.spec?.type === 'team');
      expect(teams.length).toBeGreaterThanOrEqual(5);

      const nested = teams.filter(
        t =>
          t.spec?.parent &&
          resolve(String(t.spec.parent), 'Group', 'default') !== engineeringRef,
      );
      expect(nested.length).toBeGreaterThanOrEqual(1);
    });

    it('gives every group a known type, description, display name and email', () => {
      const incomplete = groups
        .filter(
          g =>
            !GROUP_TYPES.includes(String(g.spec?.type)) ||
            !g.metadata.description ||
            !(g.spec?.profile as any)?.displayName ||
            !/@example\.com$/.test(String((g.spec?.profile as any)?.email)),
        )
        .map(g => g.metadata.name);
      expect(incomplete).toEqual([]);
    });

    it('keeps spec.parent and spec.children consistent', () => {
      const mismatches: string[] = [];
      for (const group of groups) {
        const self = refKey(group);
        for (const child of asList(group.spec?.children)) {
          const childEntity = byRef.get(
            resolve(String(child), 'Group', 'default'),
          )?.entity;
          const back = childEntity?.spec?.parent
            ? resolve(String(childEntity.spec.parent), 'Group', 'default')
            : undefined;
          if (back !== self) {
            mismatches.push(
              `${self} lists child ${child}, whose parent is ${back}`,
            );
          }
        }
        if (group.spec?.parent) {
          const parentRef = resolve(
            String(group.spec.parent),
            'Group',
            'default',
          );
          const parent = byRef.get(parentRef)?.entity;
          const children = asList(parent?.spec?.children).map(c =>
            resolve(String(c), 'Group', 'default'),
          );
          if (!children.includes(self)) {
            mismatches.push(
              `${self} has parent ${parentRef}, which does not list it`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('gives every team 2-3 members with display names and example.com emails', () => {
      const problems: string[] = [];
      for (const team of groups.filter(g => g.spec?.type === 'team')) {
        const self = refKey(team);
        const members = users.filter(u =>
          asList(u.spec?.memberOf)
            .map(m => resolve(String(m), 'Group', 'default'))
            .includes(self),
        );
        if (members.length < 2 || members.length > 3) {
          problems.push(`${self} has ${members.length} members`);
        }
      }
      for (const user of users) {
        const profile = user.spec?.profile as any;
        if (!profile?.displayName) {
          problems.push(`user ${user.metadata.name} has no displayName`);
        }
        if (!/^[^@\s]+@example\.com$/.test(String(profile?.email))) {
          problems.push(
            `user ${user.metadata.name} email is ${profile?.email}`,
          );
        }
        if (asList(user.spec?.memberOf).length === 0) {
          problems.push(`user ${user.metadata.name} belongs to no group`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('has a guest user (used by guest sign-in) who is a member of a team', () => {
      const guest = find('user', 'guest');
      expect(guest).toBeDefined();
      expect((guest!.spec?.profile as any)?.displayName).toBe('Guest User');
      const teams = asList(guest!.spec?.memberOf)
        .map(m =>
          find(
            'group',
            parseEntityRef(String(m), { defaultKind: 'Group' }).name,
          ),
        )
        .filter(g => g?.spec?.type === 'team')
        .map(g => g!.metadata.name);
      expect(teams).toContain('team-payments');
    });
  });

  describe('software', () => {
    const components = ofKind('component');
    const services = components.filter(c => c.spec?.type === 'service');

    it('has at least 12 services', () => {
      expect(services.length).toBeGreaterThanOrEqual(12);
    });

    it('gives every component a description, source location, project slug, tier label and tags', () => {
      const problems: string[] = [];
      for (const c of components) {
        const name = c.metadata.name;
        const annotations = c.metadata.annotations ?? {};
        const expectedLocation = `url:https://github.com/northwind-freight/${name}/tree/main/`;
        if (!c.metadata.description) problems.push(`${name}: no description`);
        if (annotations[SOURCE_LOCATION] !== expectedLocation) {
          problems.push(
            `${name}: ${SOURCE_LOCATION} is ${annotations[SOURCE_LOCATION]}, expected ${expectedLocation}`,
          );
        }
        if (
          annotations['github.com/project-slug'] !== `northwind-freight/${name}`
        ) {
          problems.push(
            `${name}: github.com/project-slug is ${annotations['github.com/project-slug']}`,
          );
        }
        if (!TIERS.includes(String(c.metadata.labels?.tier))) {
          problems.push(`${name}: tier label is ${c.metadata.labels?.tier}`);
        }
        if (!c.metadata.tags || c.metadata.tags.length === 0) {
          problems.push(`${name}: no tags`);
        }
        if (!c.spec?.system) problems.push(`${name}: no system`);
      }
      expect(problems).toEqual([]);
    });

    it('mixes lifecycles and tiers across services', () => {
      const lifecycles = new Set(services.map(s => s.spec?.lifecycle));
      const tiers = new Set(services.map(s => s.metadata.labels?.tier));
      expect([...lifecycles].sort()).toEqual([
        'deprecated',
        'experimental',
        'production',
      ]);
      expect([...tiers].sort()).toEqual(TIERS);
    });

    it('has payments-api owned by team-payments', () => {
      const paymentsApi = find('component', 'payments-api');
      expect(paymentsApi).toBeDefined();
      expect(paymentsApi!.spec?.type).toBe('service');
      expect(
        resolve(String(paymentsApi!.spec?.owner), 'Group', 'default'),
      ).toBe('group:default/team-payments');
    });

    it('has 5-6 APIs of openapi/grpc/asyncapi type, each with a definition and a provider', () => {
      const apis = ofKind('api');
      expect(apis.length).toBeGreaterThanOrEqual(5);
      expect(apis.length).toBeLessThanOrEqual(6);
      const provided = new Set(
        components.flatMap(c =>
          asList(c.spec?.providesApis).map(a =>
            resolve(String(a), 'API', 'default'),
          ),
        ),
      );
      const problems: string[] = [];
      for (const api of apis) {
        const name = api.metadata.name;
        if (!['openapi', 'grpc', 'asyncapi'].includes(String(api.spec?.type))) {
          problems.push(`${name}: type ${api.spec?.type}`);
        }
        const definition = String(api.spec?.definition ?? '');
        const marker = {
          openapi: /^openapi: 3\./m,
          asyncapi: /^asyncapi: 2\./m,
          grpc: /^syntax = "proto3";/m,
        }[String(api.spec?.type) as 'openapi' | 'asyncapi' | 'grpc'];
        if (!marker || !marker.test(definition)) {
          problems.push(
            `${name}: definition does not look like ${api.spec?.type}`,
          );
        }
        if (api.spec?.type === 'openapi' || api.spec?.type === 'asyncapi') {
          const doc = parseDocument(definition);
          const body = doc.toJS() ?? {};
          const topLevel = api.spec.type === 'openapi' ? 'paths' : 'channels';
          if (doc.errors.length > 0) {
            problems.push(
              `${name}: definition is not valid YAML: ${doc.errors
                .map(e => e.message)
                .join('; ')}`,
            );
          } else if (!body.info?.title || !body.info?.version) {
            problems.push(`${name}: definition has no info.title/info.version`);
          } else if (Object.keys(body[topLevel] ?? {}).length === 0) {
            problems.push(`${name}: definition has no ${topLevel}`);
          }
        }
        if (!provided.has(refKey(api))) {
          problems.push(`${name}: no component provides it`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('gives every team something to own', () => {
      const owners = new Set(
        entities
          .map(e => e.entity)
          .filter(e =>
            ['component', 'api', 'system'].includes(
              e.kind.toLocaleLowerCase('en-US'),
            ),
          )
          .map(e => resolve(String(e.spec?.owner), 'Group', 'default')),
      );
      const idle = ofKind('group')
        .filter(g => g.spec?.type === 'team')
        .map(refKey)
        .filter(ref => !owners.has(ref));
      expect(idle).toEqual([]);
    });
  });
});
