import { Entity } from '@backstage/catalog-model';
import {
  TestOwner,
  TestOwners,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';
import { ownerOf, refOf } from '../catalog';
import { BoundedMap } from '../database/boundedMap';
import {
  DatabaseCodeownersStore,
  StoredCodeowners,
} from '../database/DatabaseCodeownersStore';
import { CodeownersMatcher, normalizeTestFile } from './matchCodeowners';

/** Compiled matchers kept (by entity and file digest). */
const MAX_MATCHERS = 200;

/** Most failing test files of a report looked up for a notification. */
export const MAX_NOTIFIED_TEST_FILES = 200;

/**
 * Owners of failing tests from the CODEOWNERS files the scheduled refresh stored
 * (`codeowners`): no repository is read on the request path. A test file's owners are
 * those of the last matching rule (per GitLab section), each mapped to the catalog group
 * or user the refresh found for it (unmapped ones keep only their name); without a file,
 * a CODEOWNERS file or a matching rule with owners, the entity's owner.
 */
export class TestOwnership {
  readonly #matchers = new BoundedMap<string, CodeownersMatcher>(MAX_MATCHERS);

  constructor(
    private readonly store: DatabaseCodeownersStore,
    private readonly db: Knex,
  ) {}

  private matcher(row: StoredCodeowners): CodeownersMatcher {
    const key = `${row.entityRef} ${row.digest ?? ''} ${row.refreshedAt}`;
    let matcher = this.#matchers.get(key);
    if (!matcher) {
      matcher = new CodeownersMatcher(row.parsed);
      this.#matchers.set(key, matcher);
    }
    return matcher;
  }

  /** Looks up the stored CODEOWNERS of the entities, one query. */
  async forEntities(entities: readonly Entity[]): Promise<OwnersLookup> {
    const rows = await this.store.list(entities.map(refOf));
    const byRef = new Map(rows.map(r => [r.entityRef, r]));
    return (entity, file) => {
      const row = byRef.get(refOf(entity));
      return this.resolve(entity, file, row);
    };
  }

  private resolve(
    entity: Entity,
    file: string,
    row: StoredCodeowners | undefined,
  ): TestOwners {
    const fallback = (): TestOwners => {
      const owner = ownerOf(entity);
      return {
        file,
        source: 'entity-owner',
        owners: owner ? [{ name: owner, entityRef: owner }] : [],
        ...(row?.url ? { codeownersUrl: row.url } : {}),
      };
    };
    if (!row?.url || !normalizeTestFile(file)) return fallback();
    const matcher = this.matcher(row);
    const winners = matcher.winningRules(file);
    const names = matcher.owners(file);
    if (names.length === 0) return fallback();
    const owners: TestOwner[] = names.map(name => {
      const ref = row.ownerRefs[name.toLocaleLowerCase('en-US')];
      return ref ? { name, entityRef: ref } : { name };
    });
    return {
      file,
      source: 'codeowners',
      owners,
      rules: winners.map(r => ({
        pattern: r.pattern,
        line: r.line,
        ...(r.section ? { section: r.section } : {}),
      })),
      codeownersUrl: row.url,
    };
  }

  /**
   * Who to notify about the failing tests of the entity's newest test report: the
   * catalog refs of their owners (unmapped CODEOWNERS owners cannot be notified and are
   * left out); empty when none maps, so the caller falls back to the entity.
   */
  async failingTestRecipients(entity: Entity): Promise<string[]> {
    const { db } = this;
    const ref = refOf(entity);
    const newest = await db('evidence_reports')
      .where({ entity_ref: ref, kind: 'test-report' })
      .orderBy('received_at', 'desc')
      .first('id');
    if (!newest) return [];
    const files: { file: string }[] = await db('test_results')
      .distinct('file')
      .where({ report_id: newest.id })
      .whereIn('status', ['failed', 'error'])
      .whereNotNull('file')
      .orderBy('file')
      .limit(MAX_NOTIFIED_TEST_FILES);
    if (files.length === 0) return [];
    const lookup = await this.forEntities([entity]);
    const refs = new Set<string>();
    for (const { file } of files) {
      const owners = lookup(entity, file);
      if (owners.source !== 'codeowners') continue;
      for (const o of owners.owners) if (o.entityRef) refs.add(o.entityRef);
    }
    return [...refs].sort();
  }
}

/** The owners of a test file of an entity, from one look-up. */
export type OwnersLookup = (entity: Entity, file: string) => TestOwners;
