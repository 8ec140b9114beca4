import {
  canonicalEntryContent,
  ContractDocument,
  formatIssuePath,
  parseContractDocument,
} from '@hardening/backstage-plugin-hardening-common';
import { readFile } from 'node:fs/promises';
import { parseDocument, visit } from 'yaml';
import { CliError } from '../CliError';
import { sha256Hex } from '../sha256Hex';

const CORE_TAG_PREFIX = 'tag:yaml.org,2002:';
const CORE_TAGS = ['str', 'int', 'float', 'bool', 'null', 'seq', 'map'];

export type LoadedContract = {
  contract: ContractDocument;
  /** The digest the backend gives the same contract (`GET …/contract`). */
  digest: string;
};

/**
 * The digest of a validated contract as the backend computes it: SHA-256 of its JSON with
 * sorted keys and no whitespace. That text is the RFC 8785 canonical JSON the audit chain
 * hashes too (a contract has no `hash` field to leave out), so the shared canonicaliser
 * gives it.
 */
export function contractDigest(contract: ContractDocument): string {
  return sha256Hex(canonicalEntryContent(contract));
}

/**
 * Parses a delivery contract from YAML text the way the backend reads it: YAML 1.2 core
 * schema, unique keys, no merge keys, one document, bounded aliases; then the shared
 * contract schema. Errors name the line and column, or the gate path.
 */
export function parseContractText(text: string, shown: string): LoadedContract {
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: true,
    logLevel: 'error',
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const at = problem.linePos?.[0];
    throw new CliError(
      `${shown}${at ? `:${at.line}:${at.col}` : ''}: invalid YAML: ${
        problem.message.split('\n')[0]
      }`,
    );
  }
  visit(doc, {
    Node(_key, node) {
      // Only the core schema's own tags: `!!binary`, `!!js/function` or `!custom` are refused.
      const tag = node.tag;
      if (tag && !CORE_TAGS.some(t => tag === `${CORE_TAG_PREFIX}${t}`)) {
        throw new CliError(`${shown}: invalid YAML: tag ${tag} is not allowed`);
      }
    },
  });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new CliError(`${shown}: invalid YAML: ${(error as Error).message}`);
  }
  const parsed = parseContractDocument(value);
  if (!parsed.success) {
    const issues = parsed.issues
      .slice(0, 10)
      .map(issue => `  ${formatIssuePath(issue.path)}: ${issue.message}`)
      .join('\n');
    throw new CliError(`${shown} is not a valid delivery contract:\n${issues}`);
  }
  return {
    contract: parsed.contract,
    digest: contractDigest(parsed.contract),
  };
}

export async function readContractFile(
  path: string,
  shown: string,
): Promise<LoadedContract> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return parseContractText(text, shown);
}
