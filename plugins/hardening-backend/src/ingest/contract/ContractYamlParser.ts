import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  ContractDocument,
  formatIssuePath,
  parseContractDocument,
} from '@hardening/backstage-plugin-hardening-common';
import {
  Document,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  Node as YamlNode,
  parseDocument,
  visit,
  YAMLError,
} from 'yaml';

/** Most aliases resolved while converting the document (entity-expansion guard). */
const MAX_ALIAS_COUNT = 100;
const MAX_LISTED_ISSUES = 10;

/** The only explicit tags a contract may carry: the YAML 1.2 core schema's own. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map(
    t => `tag:yaml.org,2002:${t}`,
  ),
);

export type ParsedContract = {
  contract: ContractDocument;
  /** SHA-256 of the contract's canonical JSON: the same contract gives the same digest. */
  digest: string;
};

function at(lines: LineCounter, offset: number | undefined): string {
  if (offset === undefined) {
    return '';
  }
  const { line, col } = lines.linePos(offset);
  return ` (line ${line}, column ${col})`;
}

/** First line of a `yaml` error without its own position suffix, which we add ourselves. */
function yamlErrorText(error: YAMLError): string {
  const position = error.linePos?.[0];
  const text = error.message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '');
  return position
    ? `line ${position.line}, column ${position.col}: ${text}`
    : text;
}

/** Refuses explicit tags other than the core schema's, and keys that are not scalars. */
function checkNodes(doc: Document, lines: LineCounter) {
  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        throw new InputError(
          `Invalid contract YAML${at(
            lines,
            (pair.key as YamlNode).range?.[0],
          )}: mapping keys must be plain strings`,
        );
      }
    },
    Node(_key, node) {
      if (node.tag && !CORE_TAGS.has(node.tag)) {
        throw new InputError(
          `Invalid contract YAML${at(lines, node.range?.[0])}: custom tag ${
            node.tag
          } is not allowed`,
        );
      }
    },
  });
}

/** Sorted-key JSON, so that key order and formatting do not change the digest. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The SHA-256 of a validated contract's canonical JSON. */
export function contractDigest(contract: ContractDocument): string {
  return createHash('sha256').update(canonicalJson(contract)).digest('hex');
}

/**
 * Parses and validates a delivery-contract YAML document.
 *
 * The YAML is read with the 1.2 core schema only: no custom or language-specific tags
 * (`!!binary`, `!!js/function`, `!custom` are refused), no merge keys, unique keys, one
 * document, at most {@link MAX_ALIAS_COUNT} alias expansions (which stops "billion
 * laughs" documents). Syntax errors give their line and column; validation errors name the
 * path (`gates[3].must_match[0]: …`) and, when it can be found, the line.
 */
export function parseContractYaml(text: string): ParsedContract {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true,
    prettyErrors: true,
    // 'silent' would also drop the error about a second document.
    logLevel: 'error',
    lineCounter: lines,
  });
  const [error] = doc.errors;
  if (error) {
    throw new InputError(`Invalid contract YAML at ${yamlErrorText(error)}`);
  }
  const [warning] = doc.warnings;
  if (warning) {
    throw new InputError(`Invalid contract YAML at ${yamlErrorText(warning)}`);
  }
  checkNodes(doc, lines);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const message = (cause as Error).message;
    throw new InputError(
      /Excessive alias count/.test(message)
        ? `Invalid contract YAML: too many alias expansions (more than ${MAX_ALIAS_COUNT})`
        : `Invalid contract YAML: ${message}`,
    );
  }
  if (value === null || value === undefined) {
    throw new InputError('Invalid contract: the document is empty');
  }

  const parsed = parseContractDocument(value);
  if (!parsed.success) {
    const bareList = Array.isArray(value);
    const listed = parsed.issues.slice(0, MAX_LISTED_ISSUES).map(issue => {
      // In a bare list the gates are the root: gates[3] is the root's item 3.
      const yamlPath =
        bareList && issue.path[0] === 'gates'
          ? issue.path.slice(1)
          : issue.path;
      const node = doc.getIn(yamlPath as unknown[], true);
      const range =
        isScalar(node) || isCollection(node) ? node.range : undefined;
      return `${formatIssuePath(issue.path)}: ${issue.message}${at(
        lines,
        range?.[0],
      )}`;
    });
    const more = parsed.issues.length - listed.length;
    throw new InputError(
      `Invalid contract: ${listed.join('; ')}${
        more > 0 ? `; and ${more} more` : ''
      }`,
    );
  }
  return { contract: parsed.contract, digest: contractDigest(parsed.contract) };
}
