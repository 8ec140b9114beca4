import {
  ContractDocument,
  contractDocumentSchema,
  formatIssuePath,
} from '@hardening/backstage-plugin-hardening-common';
import { InputError } from '@backstage/errors';

/** Where a service's code is, and what its security checks look like in it. */
export type SecurityDefaultsLayout = {
  /** Route handler files. */
  routes: string[];
  /** Files that query the database. */
  dataAccess: string[];
  /** All source and config files (searched for hard-coded secrets). */
  sources: string[];
  /** Handlers of critical actions: share, delete, export, download. */
  criticalActions: string[];
  /** The call that authenticates the caller in a route handler. */
  authPattern: string;
  /** The call that validates input in a route handler. */
  validationPattern: string;
  /** What narrows a query to the caller's tenant; no tenant gate when undefined. */
  tenantPattern?: string;
  /** The call that writes a critical action to the audit log. */
  auditPattern: string;
  /** The contract's milestone, e.g. M3.3. */
  milestone?: string;
};

export const DEFAULT_LAYOUT: SecurityDefaultsLayout = {
  routes: ['src/routes/**/*.ts'],
  dataAccess: ['src/repositories/**/*.ts'],
  sources: ['src/**/*.ts', 'config/**/*.yaml'],
  criticalActions: ['src/routes/**/*{share,delete,export,download}*.ts'],
  authPattern: 'requireCaller\\(|getSession\\(|httpAuth\\.credentials\\(',
  validationPattern: '\\.safeParse\\(|\\.parse\\(',
  tenantPattern: 'tenantId',
  auditPattern: 'auditLog\\.record\\(|auditor\\.createEvent\\(',
};

/** A literal credential assigned in code: `password = "…"`, `apiKey: '…'` (8+ characters). */
export const HARDCODED_SECRET_PATTERN =
  '(password|Password|PASSWORD|secret|Secret|SECRET|api_?key|apiKey|ApiKey|API_?KEY)\\s*[:=]\\s*[\'"][^\'"\\s]{8,}[\'"]';

/** An explicit 500 answer: failures must be 400, 401, 403 or 404, never a 500 by hand. */
export const EXPLICIT_500_PATTERN = '\\.(status|sendStatus)\\(\\s*500\\s*\\)';

/**
 * The delivery contract of the security defaults every service keeps: the caller is
 * authenticated before data is touched, input is validated, failures are answered as
 * 4xx (never a hand-written 500), no credential is in the code, queries are narrowed to
 * the tenant (when the service is multi-tenant), critical actions are audited and an
 * incident runbook exists. The last two start as `planned`: they become active once the
 * team has pointed them at the right files.
 */
export function securityDefaultContract(
  layout: SecurityDefaultsLayout,
): ContractDocument {
  const gates = [
    {
      id: 'security.auth-before-data',
      description:
        'Route handlers authenticate the caller before any data access',
      type: 'file_content',
      targets: layout.routes,
      must_match: [layout.authPattern],
      status: 'active',
      severity: 'error',
    },
    {
      id: 'security.input-validation',
      description:
        'Route handlers validate their input; invalid input is answered with a 400',
      type: 'file_content',
      targets: layout.routes,
      must_match: [layout.validationPattern],
      status: 'active',
      severity: 'error',
    },
    {
      id: 'security.fail-safe-errors',
      description:
        'Failures are answered with 401, 403 or 404, never with a hand-written 500',
      type: 'file_content',
      targets: layout.routes,
      must_not_match: [EXPLICIT_500_PATTERN],
      status: 'active',
      severity: 'error',
    },
    {
      id: 'security.no-hardcoded-secrets',
      description: 'Secrets come from the environment, never from the code',
      type: 'file_content',
      targets: layout.sources,
      must_not_match: [HARDCODED_SECRET_PATTERN],
      status: 'active',
      severity: 'error',
    },
    ...(layout.tenantPattern
      ? [
          {
            id: 'tenant.scoped-queries',
            description:
              "Every database query is narrowed to the caller's tenant",
            type: 'file_content',
            targets: layout.dataAccess,
            must_match: [layout.tenantPattern],
            status: 'active',
            severity: 'error',
          },
        ]
      : []),
    {
      id: 'audit.critical-actions',
      description:
        'Share, delete, export and download handlers write to the audit log',
      type: 'file_content',
      targets: layout.criticalActions,
      must_match: [layout.auditPattern],
      status: 'planned',
    },
    {
      id: 'ops.incident-runbook',
      description: 'An incident runbook is kept next to the code',
      type: 'file_exists',
      targets: ['docs/runbooks/*.md'],
      status: 'planned',
    },
  ];
  const parsed = contractDocumentSchema.safeParse({
    version: 1,
    ...(layout.milestone ? { milestone: layout.milestone } : {}),
    gates,
  });
  if (!parsed.success) {
    // Only the inputs can make it invalid (an empty glob, a pattern that does not compile).
    throw new InputError(
      `The delivery contract would be invalid: ${parsed.error.issues
        .map(i => `${formatIssuePath(i.path)}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}
