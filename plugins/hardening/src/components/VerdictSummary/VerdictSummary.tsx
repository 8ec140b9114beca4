import { Link } from '@backstage/core-components';
import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Fragment } from 'react';
import { milestoneAnchor } from '../../utils/milestones';
import { entityVerdict, FREEZE_STATE_KIND } from '../../utils/verdict';
import { StatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  line: {
    fontWeight: theme.typography.fontWeightMedium as number,
    overflowWrap: 'anywhere',
  },
}));

/**
 * The verdict on an entity's milestones in one line, e.g. `M3.4 blocked: 2 of 5 checks
 * failing · M3.2 regressed`, each part with its status icon and a link to that milestone
 * on the Hardening tab (`tabPath` when shown elsewhere, empty on the tab itself).
 */
export const VerdictSummary = (props: {
  items: MilestoneStatus[];
  tabPath?: string;
}) => {
  const { items, tabPath = '' } = props;
  const classes = useStyles();
  const parts = entityVerdict(items);
  return (
    <Typography
      variant="subtitle1"
      component="p"
      className={classes.line}
      role="status"
      aria-label="Milestone verdict"
    >
      {parts.length === 0
        ? 'No milestones defined'
        : parts.map((part, index) => (
            <Fragment key={part.milestoneId}>
              {index > 0 && ' · '}
              <StatusLabel kind={FREEZE_STATE_KIND[part.state]}>
                <Link to={`${tabPath}#${milestoneAnchor(part.milestoneId)}`}>
                  {part.text}
                </Link>
              </StatusLabel>
            </Fragment>
          ))}
    </Typography>
  );
};
