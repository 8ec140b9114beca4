/**
 * Built-in scenario taxonomy: the prefixes a `scenarioId` is expected to start with.
 *
 * @public
 */
export const SCENARIO_TAXONOMY = [
  'SCH',
  'BID',
  'NOS',
  'HLT',
  'API',
  'UI',
  'ADV',
] as const;

/** @public */
export type ScenarioTaxonomyPrefix = (typeof SCENARIO_TAXONOMY)[number];

/**
 * Built-in invariant taxonomy: the prefixes an `invariantId` is expected to start with.
 *
 * @public
 */
export const INVARIANT_TAXONOMY = [
  'TENANT',
  'IDEMP',
  'NOTIF',
  'ASSIGN',
  'STATE',
] as const;

/** @public */
export type InvariantTaxonomyPrefix = (typeof INVARIANT_TAXONOMY)[number];

/**
 * Short names of the built-in prefixes, for display.
 *
 * @public
 */
export const TAXONOMY_LABELS: Readonly<
  Record<ScenarioTaxonomyPrefix | InvariantTaxonomyPrefix, string>
> = {
  SCH: 'Scheduling',
  BID: 'Bidding',
  NOS: 'No-shows',
  HLT: 'Health scoring',
  API: 'API journeys',
  UI: 'UI journeys',
  ADV: 'Adversarial and concurrency',
  TENANT: 'Tenant isolation',
  IDEMP: 'Idempotency',
  NOTIF: 'Notifications',
  ASSIGN: 'Assignment integrity',
  STATE: 'State transitions',
};

/** A separator (`-`, `_`, `.`) or a digit ends the prefix of an id. */
const PREFIX_END = /[-_.0-9]/;

/**
 * The taxonomy prefix of an id: everything before the first `-`, `_`, `.` or digit,
 * upper-cased (`SCH-001` → `SCH`, `api_auth_3` → `API`). Undefined when the id starts
 * with such a character, so that it has no prefix at all.
 *
 * @public
 */
export function taxonomyPrefix(id: string): string | undefined {
  const end = id.search(PREFIX_END);
  const prefix = end === -1 ? id : id.slice(0, end);
  return prefix ? prefix.toUpperCase() : undefined;
}

/**
 * The taxonomy prefix of a `scenarioId` (`BID-001` → `BID`).
 *
 * @public
 */
export function scenarioPrefix(scenarioId: string): string | undefined {
  return taxonomyPrefix(scenarioId);
}

/**
 * The taxonomy prefix of an `invariantId` (`TENANT-ISOLATION-2` → `TENANT`).
 *
 * @public
 */
export function invariantPrefix(invariantId: string): string | undefined {
  return taxonomyPrefix(invariantId);
}

/**
 * Whether an id's prefix belongs to a taxonomy, such as {@link SCENARIO_TAXONOMY},
 * optionally extended by an organisation's own prefixes. Prefixes compare
 * case-insensitively.
 *
 * @public
 */
export function isInTaxonomy(
  id: string,
  taxonomy: readonly string[],
  extra: readonly string[] = [],
): boolean {
  const prefix = taxonomyPrefix(id);
  if (!prefix) {
    return false;
  }
  return [...taxonomy, ...extra].some(p => p.toUpperCase() === prefix);
}

/**
 * Prefixes an organisation adds to the built-in taxonomies.
 *
 * @public
 */
export type TriageTaxonomyExtension = {
  scenarioPrefixes?: readonly string[];
  invariantPrefixes?: readonly string[];
};
