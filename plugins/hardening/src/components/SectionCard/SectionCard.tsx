import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** Where each section of the Hardening tab can be linked to: `#hardening-<id>`. */
export type SectionId =
  | 'milestones'
  | 'test-reports'
  | 'ci-gates'
  | 'contract'
  | 'stress-runs'
  | 'validation'
  | 'audit-chain'
  | 'triage-queue'
  | 'runbooks';

export function sectionAnchor(id: SectionId): string {
  return `hardening-${id}`;
}

/**
 * One section of the Hardening tab: a card whose title is a level-2 heading, inside a
 * `<section>` named by it and reachable at `#hardening-<id>`.
 */
export const SectionCard = (props: {
  id: SectionId;
  title: string;
  subheader?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) => {
  const { id, title, subheader, action, children } = props;
  const headingId = `${sectionAnchor(id)}-heading`;
  return (
    <section id={sectionAnchor(id)} aria-labelledby={headingId}>
      <InfoCard
        title={
          <Typography id={headingId} variant="h5" component="h2">
            {title}
          </Typography>
        }
        headerProps={{ disableTypography: true }}
        subheader={subheader}
        action={action}
      >
        {children}
      </InfoCard>
    </section>
  );
};
