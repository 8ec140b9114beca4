/**
 * One owner of a test: as the CODEOWNERS file writes it (`@org/team`, `@user`, an e-mail
 * address) or the entity's owner ref, with the catalog group or user it maps to.
 *
 * @public
 */
export type TestOwner = {
  /** As written in CODEOWNERS, or the entity owner's ref. */
  name: string;
  /** The catalog group or user; absent when the owner maps to none. */
  entityRef?: string;
};

/**
 * Who owns a failing test: the owners of the last matching CODEOWNERS rule for the test's
 * file, else the entity's owner.
 *
 * @public
 */
export type TestOwners = {
  /** The test file the owners were looked up for, as the result names it. */
  file: string;
  source: 'codeowners' | 'entity-owner';
  owners: TestOwner[];
  /** The deciding CODEOWNERS rule(s), when `source` is `codeowners`. */
  rules?: Array<{ pattern: string; line: number; section?: string }>;
  /** The CODEOWNERS file, when one was read. */
  codeownersUrl?: string;
};
