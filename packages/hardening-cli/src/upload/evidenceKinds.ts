import { extname } from 'node:path';

/** A body format of an upload kind and the Content-Type it is sent as. */
export type UploadFormat = {
  name: string;
  contentType: string;
  /** Sent as `?format=` so the backend does not have to guess. */
  query?: string;
};

/** One kind of evidence the backend accepts, and how to send it. */
export type UploadKind = {
  kind: string;
  description: string;
  method: 'POST' | 'PUT';
  /** Path under the entity, e.g. `test-reports`. */
  path: string;
  /** The path ends with an id of the uploaded item (`--id`, default: from the file name). */
  itemId?: { pattern: RegExp; description: string };
  /** Whether the route takes the CI context (commit, branch, …) in its query string. */
  ciContext: boolean;
  formats: readonly UploadFormat[];
  /** The format of a file, from its name and first bytes, when `--format` is not given. */
  detect?: (file: string, head: string) => string | undefined;
  /** Query parameters only this kind takes (option name → query name). */
  params?: Readonly<Record<string, string>>;
};

const JSON_FORMAT: UploadFormat = {
  name: 'json',
  contentType: 'application/json',
};

function firstCharacter(head: string): string {
  return head
    .replace(/^\uFEFF/, '')
    .trimStart()
    .charAt(0);
}

/** Every upload the Hardening backend accepts (see its `openapi.yaml`). */
export const UPLOAD_KINDS: readonly UploadKind[] = [
  {
    kind: 'test-report',
    description:
      'JUnit XML, CTRF JSON or TRX (dotnet test; the portal needs the TRX module) test report',
    method: 'POST',
    path: 'test-reports',
    ciContext: true,
    formats: [
      { name: 'junit', contentType: 'application/xml', query: 'junit' },
      { name: 'ctrf', contentType: 'application/json', query: 'ctrf' },
      { name: 'trx', contentType: 'application/xml', query: 'trx' },
    ],
    detect: (file, head) => {
      const extension = extname(file).toLowerCase();
      if (extension === '.trx') return 'trx';
      // A .trx renamed: its root is <TestRun> (after the declaration and comments).
      if (/^(?:[^<]|<[?!][^>]*>)*<(?:[\w.-]+:)?TestRun[\s>/]/.test(head)) {
        return 'trx';
      }
      if (extension === '.xml') return 'junit';
      const first = firstCharacter(head);
      if (first === '<') return 'junit';
      if (first === '{') return 'ctrf';
      return undefined;
    },
  },
  {
    kind: 'ci-gates',
    description: 'gate results of a pipeline run ({"gates": [...]})',
    method: 'POST',
    path: 'ci-gates',
    ciContext: true,
    formats: [JSON_FORMAT],
  },
  {
    kind: 'contract',
    description:
      'the delivery contract YAML (replaces the current one; needs hardening.milestone.manage)',
    method: 'PUT',
    path: 'contract',
    ciContext: false,
    formats: [{ name: 'yaml', contentType: 'application/yaml' }],
  },
  {
    kind: 'contract-results',
    description: 'contract gate results, native JSON or SARIF 2.1.0',
    method: 'POST',
    path: 'contract-results',
    ciContext: true,
    formats: [
      { name: 'native', contentType: 'application/json', query: 'native' },
      { name: 'sarif', contentType: 'application/sarif+json', query: 'sarif' },
    ],
    detect: (file, head) => {
      if (/\.sarif(\.json)?$/i.test(file)) return 'sarif';
      // A SARIF log has "runs"; native results have "results" at the top.
      if (/"runs"\s*:/.test(head) && /"version"\s*:/.test(head)) {
        return 'sarif';
      }
      return firstCharacter(head) === '{' ? 'native' : undefined;
    },
  },
  {
    kind: 'stress-run',
    description: 'a stress run: native JSON or a k6 end-of-test summary',
    method: 'POST',
    path: 'stress-runs',
    ciContext: true,
    formats: [
      { name: 'native', contentType: 'application/json', query: 'native' },
      { name: 'k6', contentType: 'application/json', query: 'k6' },
    ],
    // The backend tells the two apart itself ("phases" or "metrics").
    detect: () => undefined,
    params: {
      scenario: 'scenario',
      target: 'target',
      startedAt: 'startedAt',
      finishedAt: 'finishedAt',
      maxErrorRate: 'maxErrorRate',
      p95Ms: 'p95Ms',
    },
  },
  {
    kind: 'audit-chain',
    description: 'a release audit chain (JSONL, hash-chained)',
    method: 'POST',
    path: 'audit-chain',
    ciContext: true,
    formats: [{ name: 'jsonl', contentType: 'application/x-ndjson' }],
  },
  {
    kind: 'validation',
    description: 'a production validation report',
    method: 'POST',
    path: 'validation-reports',
    ciContext: true,
    formats: [JSON_FORMAT],
  },
  {
    kind: 'triage',
    description: 'the failures of an integration run (triage report JSON)',
    method: 'POST',
    path: 'triage-reports',
    ciContext: true,
    formats: [JSON_FORMAT],
  },
  {
    kind: 'runbook',
    description:
      'a runbook (Markdown) under --id (default: the file name); needs hardening.triage.manage',
    method: 'PUT',
    path: 'runbooks',
    itemId: {
      pattern: /^[a-z0-9][a-z0-9._-]{0,63}$/,
      description: 'lower-case letters, digits, ".", "_" and "-", at most 64',
    },
    ciContext: false,
    formats: [{ name: 'markdown', contentType: 'text/markdown' }],
  },
  {
    kind: 'git-tags',
    description: 'git tags CI saw ({"tags": [{"name", "commit"}]})',
    method: 'POST',
    path: 'git-tags',
    ciContext: true,
    formats: [JSON_FORMAT],
  },
];

export function findUploadKind(kind: string): UploadKind | undefined {
  return UPLOAD_KINDS.find(k => k.kind === kind);
}

/**
 * The format to send a file in: `requested` when given (it must be one of the kind's, and
 * is then also sent as `?format=`), else what the file looks like, else the kind's first
 * format. Without `requested` the Content-Type alone tells the backend the format (stress
 * runs: the backend tells native and k6 apart itself).
 */
export function chooseFormat(
  kind: UploadKind,
  file: string,
  head: string,
  requested: string | undefined,
): { format: UploadFormat; query?: string } | { error: string } {
  if (requested !== undefined) {
    const format = kind.formats.find(f => f.name === requested);
    if (!format) {
      return {
        error: `${kind.kind} uploads are ${kind.formats
          .map(f => f.name)
          .join(', ')
          .replace(/, ([^,]*)$/, ' or $1')}, not "${requested}"`,
      };
    }
    return { format, query: format.query };
  }
  const detected = kind.detect?.(file, head);
  return {
    format: kind.formats.find(f => f.name === detected) ?? kind.formats[0],
  };
}
