import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A small service checkout: two route handlers (one unguarded, one with a secret), a repository. */
export const SERVICE_FILES: Record<string, string> = {
  'src/routes/orders.ts': [
    "import { z } from 'zod';",
    'export async function listOrders(req) {',
    '  const caller = await requireCaller(req);',
    '  const query = querySchema.safeParse(req.query);',
    '  return orders.forTenant(caller.tenantId, query);',
    '}',
    '',
  ].join('\n'),
  'src/routes/refunds.ts': [
    'export async function refund(req) {',
    '  const body = req.body;',
    "  const api_key = 'sk_live_0123456789';",
    "  const password = 'correct-horse-battery';",
    '  return body;',
    '}',
    '',
  ].join('\n'),
  'src/repositories/orderRepository.ts':
    'export const forTenant = (db, tenantId) => db("orders").where({ tenantId });\n',
  'node_modules/dep/src/routes/vendored.ts': 'export const x = 1;\n',
  '.env.example': "password='replace-me-please'\n",
};

/** A delivery contract for {@link SERVICE_FILES}. */
export const SERVICE_CONTRACT = `# Delivery contract of the fixture service
version: 1
milestone: M1
gates:
  - id: security.auth-before-data
    description: Route handlers resolve the caller first
    type: file_content
    targets: ['src/routes/**/*.ts']
    must_match: ['requireCaller\\(']
    status: active
  - id: security.no-hardcoded-secrets
    description: No credentials in the code
    type: file_content
    targets: ['src/**/*.ts', '.env*']
    must_not_match: ['(password|api_?key)\\s*[:=]\\s*[''"][^''"]{8,}']
    status: active
    severity: error
  - id: tenant.scoped-queries
    description: Repository queries are narrowed to the tenant
    type: file_content
    targets: ['src/repositories/**/*.ts']
    must_match: ['tenantId']
    status: active
  - id: ops.incident-runbook
    description: An incident runbook is checked in
    type: file_exists
    targets: ['docs/runbooks/*.md']
    status: planned
`;

/** Writes files into a new temporary directory. */
export async function createCheckout(files: Record<string, string>) {
  const root = await mkdtemp(join(tmpdir(), 'hardening-cli-checkout-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return {
    root,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
