import { Knex } from 'knex';

type Newest = { column: string; order: 'desc' };

/**
 * The order "newest report first" means everywhere: by `ordered_at` (the CI run's start,
 * else the receipt; see `orderedAtOf`), then by `receipt_seq`, which numbers reports in
 * the order they were stored, so that reports of the same instant are ordered too.
 * `evidence_reports_newest_idx` (entity_ref, kind, ordered_at, receipt_seq, id) serves it
 * as one backwards index seek per entity and kind.
 *
 * @param alias - the table alias to prefix the columns with, if any
 */
export function newestFirst(alias?: string): Newest[] {
  const prefix = alias ? `${alias}.` : '';
  return [
    { column: `${prefix}ordered_at`, order: 'desc' },
    { column: `${prefix}receipt_seq`, order: 'desc' },
  ];
}

/**
 * The id of the newest report of `kind` of an entity, as a subquery (`entityRef` may be a
 * column reference of the outer query).
 */
export function newestReportId(
  db: Knex,
  entityRef: string | Knex.Ref<string, { [key: string]: string }>,
  kind: string,
): Knex.QueryBuilder {
  return db('evidence_reports')
    .where('entity_ref', entityRef)
    .andWhere('kind', kind)
    .orderBy(newestFirst())
    .limit(1)
    .select('id');
}

/**
 * The newest report of each of `kinds` of one entity, ordered by kind: the ids from one
 * seek per kind (a union of {@link newestReportId}), then those rows by primary key.
 */
export function newestOfEachKind(
  db: Knex,
  entityRef: string,
  kinds: readonly string[],
): Knex.QueryBuilder {
  const [first, ...rest] = kinds.map((kind, i) =>
    db.select('id').from(newestReportId(db, entityRef, kind).as(`n${i}`)),
  );
  return db('evidence_reports')
    .whereIn('id', first.unionAll(rest))
    .orderBy('kind')
    .select('*');
}
