import { EvidenceKind } from './storedReport';

/**
 * The routes evidence is uploaded through (`POST /entities/{kind}/{namespace}/{name}/<segment>`,
 * needing `hardening.evidence.create`), by the path segment after the entity, with the kind
 * each stores (also the `hardening upload` kind). These are the only routes a CI OIDC token
 * (trusted publishing) is accepted on.
 *
 * @public
 */
export const EVIDENCE_UPLOAD_ROUTES: Readonly<Record<string, EvidenceKind>> = {
  'test-reports': 'test-report',
  'ci-gates': 'ci-gates',
  'contract-results': 'contract-results',
  'stress-runs': 'stress-run',
  'validation-reports': 'validation',
  'triage-reports': 'triage',
  'audit-chain': 'audit-chain',
  'git-tags': 'git-tags',
};
