import {
  ContractGateResult,
  ContractResultsDocument,
  ContractViolation,
} from '@hardening/backstage-plugin-hardening-common';
import { createSeededRandom, SeededRandom } from './seededRandom';
import { DemoQuirks, ServiceProfile } from './serviceProfiles';

/** Who the seed says uploaded the demo contracts. */
export const DEMO_CONTRACT_UPLOADER = 'hardening-seed';

/** The active gates of every demo contract, in contract order. */
export const DEMO_ACTIVE_GATES = [
  'security.auth-before-db',
  'security.input-validation',
  'security.no-hardcoded-secrets',
  'tenant.where-tenant-id',
  'audit.critical-actions',
] as const;

/** The one planned gate of every demo contract: written down, not blocking yet. */
export const DEMO_PLANNED_GATE = 'ops.incident-runbook';

/**
 * The delivery contract of a demo service, as the YAML a team would commit: the
 * security defaults every service keeps (authentication before data access, validated
 * input, no secrets in source, tenant-scoped queries, audited critical actions) and a
 * planned gate for its incident runbook. The seed uploads it through the contract
 * parser like `PUT …/contract`.
 */
export function demoContractYaml(service: string): string {
  return `# Delivery contract of ${service}: demo data written by the Hardening seed.
version: 1
milestone: M1
gates:
  - id: security.auth-before-db
    description: Route handlers resolve and check the caller before the first database call
    type: file_content
    targets: ['src/routes/**/*.ts']
    must_match: ['requireCaller\\(']
    status: active
    severity: error

  - id: security.input-validation
    description: Bodies and query strings are parsed with a schema; malformed input gets a 400
    type: file_content
    targets: ['src/routes/**/*.ts']
    must_match: ['\\.safeParse\\(']
    status: active
    severity: error

  - id: security.no-hardcoded-secrets
    description: Credentials come from the environment or the secret store, never from the code
    type: file_content
    targets: ['src/**/*.ts', 'config/**/*.yaml']
    must_not_match: ['(password|secret|api_?key)\\s*[:=]\\s*[''"][^''"]{8,}']
    status: active
    severity: error

  - id: tenant.where-tenant-id
    description: Every repository query is narrowed to the caller's tenant
    type: file_content
    targets: ['src/repositories/**/*.ts']
    must_match: ['tenantId']
    status: active
    severity: error

  - id: audit.critical-actions
    description: Share, delete and export handlers write who did what to the audit log
    type: file_content
    targets: ['src/routes/share*.ts', 'src/routes/delete*.ts', 'src/routes/export*.ts']
    must_match: ['auditLog\\.record\\(']
    status: active

  - id: ${DEMO_PLANNED_GATE}
    description: The service keeps an incident runbook next to its code
    type: file_exists
    targets: ['docs/runbooks/${service}.md']
    status: planned
    milestone: M2
`;
}

const NOUNS = ['invoice', 'payment', 'refund', 'session', 'order', 'export'];

/** How many files each gate's targets match in a service's repository, before growth. */
function repositorySize(service: string) {
  const random = createSeededRandom(`repository:${service}`);
  return {
    routes: random.int(8, 24),
    sources: random.int(40, 120),
    repositories: random.int(4, 14),
    critical: random.int(2, 5),
  };
}

function violations(
  count: number,
  make: () => ContractViolation,
): ContractViolation[] {
  return Array.from({ length: count }, make);
}

function result(
  gateId: string,
  matchedFiles: number,
  found: ContractViolation[] = [],
): ContractGateResult {
  return {
    gateId,
    status: found.length > 0 ? 'fail' : 'pass',
    matchedFiles,
    violations: found,
  };
}

/**
 * The native contract-results JSON of one CI run of a demo service:
 *
 * - steady services pass every active gate, each on the files its targets matched;
 * - flaky services now and then commit something that looks like a secret;
 * - struggling services have repository queries without a tenant filter every day and,
 *   often, a route that reads its body unvalidated (each violation with file and line);
 * - a service with the `unmatchedContractGate` quirk reports that gate as passed on no
 *   file in its last week (`recentWeek`), which the evaluation does not count as a pass;
 * - the planned runbook gate passes only for steady services.
 *
 * `day` grows the code base by one file a day, so no two days send the same bytes.
 */
export function demoContractResults(options: {
  service: string;
  profile: ServiceProfile;
  quirks: DemoQuirks;
  random: SeededRandom;
  contractDigest: string;
  day: number;
  recentWeek: boolean;
}): string {
  const { service, profile, quirks, random, contractDigest, day } = options;
  const size = repositorySize(service);
  const noun = () => random.pick(NOUNS);

  const tenantViolations =
    profile.name === 'struggling'
      ? violations(random.int(1, 3), () => {
          const n = noun();
          return {
            file: `src/repositories/${n}Repository.ts`,
            line: random.int(20, 240),
            message: `query on ${n}s is not filtered by tenantId`,
          };
        })
      : [];
  const validationViolations =
    profile.name === 'struggling' && random.chance(0.4)
      ? violations(1, () => ({
          file: `src/routes/${noun()}s.ts`,
          line: random.int(10, 120),
          message: 'request body is used without being parsed by a schema',
        }))
      : [];
  const secretViolations =
    profile.name === 'flaky' && random.chance(0.08)
      ? violations(1, () => ({
          file: 'config/local.yaml',
          line: random.int(3, 40),
          message: 'api_key has a literal value that looks like a credential',
        }))
      : [];

  const results: ContractGateResult[] = [
    result('security.auth-before-db', size.routes),
    result('security.input-validation', size.routes, validationViolations),
    result(
      'security.no-hardcoded-secrets',
      size.sources + day,
      secretViolations,
    ),
    result('tenant.where-tenant-id', size.repositories, tenantViolations),
    result('audit.critical-actions', size.critical),
    profile.name === 'steady'
      ? result(DEMO_PLANNED_GATE, 1)
      : result(DEMO_PLANNED_GATE, 0, [
          {
            file: `docs/runbooks/${service}.md`,
            message: 'the runbook file does not exist yet',
          },
        ]),
  ].map(r =>
    options.recentWeek && r.gateId === quirks.unmatchedContractGate
      ? { ...r, status: 'pass', matchedFiles: 0, violations: [] }
      : r,
  );

  const document: ContractResultsDocument = { contractDigest, results };
  return `${JSON.stringify(document, null, 2)}\n`;
}
