import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { STAGE_LABELS } from '../../utils/milestones';
import { FreezeBadge } from '../FreezeBadge';
import { MilestoneChecklist } from '../MilestoneChecklist';
import { RegressionStatus } from '../RegressionStatus';
import { RequiredGatesNote } from '../RequiredGates';
import { StatusLabel } from '../StatusLabel';
import { RelativeTime } from '../Words';

const useStyles = makeStyles(theme => ({
  root: {
    marginTop: theme.spacing(2),
    '& + &': {
      paddingTop: theme.spacing(2),
      borderTop: `1px solid ${theme.palette.divider}`,
    },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
  },
}));

/**
 * One milestone on the overview card: its title and freeze badge, stage, freeze and
 * check times, a regression after its freeze, and the checklist items that fail, linked
 * to their evidence on the Hardening tab.
 */
export const MilestoneOverview = (props: {
  status: MilestoneStatus;
  tabPath: string;
}) => {
  const { status, tabPath } = props;
  const { milestone, checklist } = status;
  const classes = useStyles();
  const failing = checklist.items.filter(item => !item.passed);
  return (
    <div className={classes.root}>
      <div className={classes.header}>
        <Typography variant="h6" component="h3">
          {milestone.id} · {milestone.title}
        </Typography>
        <FreezeBadge state={checklist.state} milestoneId={milestone.id} />
      </div>
      <Typography variant="body2" color="textSecondary">
        {STAGE_LABELS[milestone.stage]}
        {milestone.freeze && (
          <>
            {' '}
            · frozen as <code>{milestone.freeze.tag}</code>{' '}
            <RelativeTime iso={milestone.freeze.frozenAt} />
          </>
        )}{' '}
        · checked <RelativeTime iso={checklist.evaluatedAt} />
      </Typography>
      <RequiredGatesNote required={checklist.requiredGates} />
      {milestone.regression && (
        <RegressionStatus regression={milestone.regression} />
      )}
      {failing.length > 0 ? (
        <MilestoneChecklist
          milestoneId={milestone.id}
          items={checklist.items}
          onlyFailing
          evidenceBasePath={tabPath}
        />
      ) : (
        <Typography variant="body2">
          <StatusLabel kind="ok">
            All {checklist.items.length} checks pass.
          </StatusLabel>
        </Typography>
      )}
    </div>
  );
};
