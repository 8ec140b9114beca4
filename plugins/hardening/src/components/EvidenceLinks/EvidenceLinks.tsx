import { Link } from '@backstage/core-components';
import { ChecklistEvidence } from '@hardening/backstage-plugin-hardening-common';
import { sectionAnchor, SectionId } from '../SectionCard';
import { RelativeTime } from '../Words';

const SECTION_OF_KIND: Partial<Record<ChecklistEvidence['kind'], SectionId>> = {
  'test-report': 'test-reports',
  'ci-gates': 'ci-gates',
  contract: 'contract',
  'contract-results': 'contract',
  'stress-run': 'stress-runs',
  validation: 'validation',
  'audit-chain': 'audit-chain',
};

const KIND_LABELS: Partial<Record<ChecklistEvidence['kind'], string>> = {
  'test-report': 'test report',
  'ci-gates': 'CI gates report',
  contract: 'contract',
  'contract-results': 'contract results',
  'stress-run': 'stress run',
  validation: 'validation report',
  'audit-chain': 'audit chain upload',
  'git-tags': 'git tags report',
};

/**
 * The evidence a checklist item was decided on (`stress run received 2 days ago`, the
 * digest on hover), each linked to the section of the Hardening tab that shows that kind
 * of evidence. `basePath` is the tab's path when the links are shown elsewhere (the
 * overview card); empty on the tab itself.
 */
export const EvidenceLinks = (props: {
  evidence: ChecklistEvidence[];
  basePath?: string;
}) => {
  const { evidence, basePath = '' } = props;
  if (evidence.length === 0) return null;
  return (
    <>
      {evidence.map((item, index) => {
        const label = (
          <>
            {KIND_LABELS[item.kind] ?? 'evidence'} received{' '}
            <RelativeTime iso={item.receivedAt} />
          </>
        );
        const section = SECTION_OF_KIND[item.kind];
        return (
          <span key={`${item.kind}:${item.reportId}`}>
            {index > 0 && ', '}
            {section ? (
              <Link
                to={`${basePath}#${sectionAnchor(section)}`}
                title={`digest ${item.digest}`}
              >
                {label}
              </Link>
            ) : (
              <span title={`digest ${item.digest}`}>{label}</span>
            )}
          </span>
        );
      })}
    </>
  );
};
