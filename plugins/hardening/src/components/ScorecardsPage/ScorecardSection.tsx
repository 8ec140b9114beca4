import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A card of the scorecards page, titled by a level-3 heading that names its region. */
export const ScorecardSection = (props: {
  id: string;
  title: string;
  subheader?: ReactNode;
  children: ReactNode;
}) => {
  const headingId = `hardening-scorecards-${props.id}`;
  return (
    <section aria-labelledby={headingId}>
      <InfoCard
        title={
          <Typography id={headingId} variant="h6" component="h3">
            {props.title}
          </Typography>
        }
        headerProps={{ disableTypography: true }}
        subheader={props.subheader}
      >
        {props.children}
      </InfoCard>
    </section>
  );
};
