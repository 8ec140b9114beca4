import {
  milestoneTagName,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatMs, formatPercent } from '../../utils/format';
import { milestoneAnchor, STAGE_LABELS } from '../../utils/milestones';
import { FreezeBadge } from '../FreezeBadge';
import { FreezeControl } from '../FreezeControl';
import { MilestoneChecklist } from '../MilestoneChecklist';
import { MilestoneFormButton } from '../MilestoneForm';
import { RegressionStatus } from '../RegressionStatus';
import { principalName, RelativeTime, ShortHash } from '../Words';
import { RequiredGatesNote } from '../RequiredGates';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(2, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
}));

/**
 * One milestone: its freeze state, a regression after its freeze as a status of its own,
 * the checklist (failing checks first, passing ones folded), its stage and thresholds,
 * the freeze record, and the Edit and Freeze buttons.
 */
export const MilestoneCard = (props: {
  status: MilestoneStatus;
  /** After a freeze attempt. */
  onChanged: () => void;
  /** After the milestone was edited. */
  onSaved: (status: MilestoneStatus, created: boolean) => void;
}) => {
  const { status, onChanged, onSaved } = props;
  const { milestone, checklist } = status;
  const classes = useStyles();
  const headingId = `milestone-${milestone.id}-heading`;
  return (
    <article
      className={classes.root}
      id={milestoneAnchor(milestone.id)}
      aria-labelledby={headingId}
    >
      <div className={classes.header}>
        <Typography id={headingId} variant="h6" component="h3">
          {milestone.id} · {milestone.title}
        </Typography>
        <FreezeBadge state={checklist.state} milestoneId={milestone.id} />
        <MilestoneFormButton milestone={milestone} onSaved={onSaved} />
        <FreezeControl status={status} onAttempted={onChanged} />
      </div>
      <Typography variant="body2" color="textSecondary">
        {STAGE_LABELS[milestone.stage]} · tag{' '}
        <code>{milestoneTagName(milestone)}</code> · p95 ≤{' '}
        {formatMs(milestone.thresholds.p95LimitMs)} · read error rate ≤{' '}
        {formatPercent(milestone.thresholds.errorRateLimit)} · checked{' '}
        <RelativeTime iso={checklist.evaluatedAt} />
      </Typography>
      <RequiredGatesNote required={checklist.requiredGates} />
      {milestone.regression && (
        <RegressionStatus regression={milestone.regression} />
      )}
      <MilestoneChecklist milestoneId={milestone.id} items={checklist.items} />
      {milestone.freeze && (
        <Box mt={1}>
          <Typography variant="body2" color="textSecondary" component="div">
            Frozen as <code>{milestone.freeze.tag}</code>{' '}
            <RelativeTime iso={milestone.freeze.frozenAt} /> by{' '}
            {principalName(milestone.freeze.frozenBy)}; audit chain entry{' '}
            <ShortHash
              value={milestone.freeze.chainEntryHash}
              label={`audit chain entry hash of the ${milestone.id} freeze`}
            />
          </Typography>
        </Box>
      )}
    </article>
  );
};
