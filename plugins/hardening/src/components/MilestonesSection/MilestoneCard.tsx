import {
  milestoneTagName,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatMs, formatPercent, formatTime } from '../../utils/format';
import { STAGE_LABELS } from '../../utils/milestones';
import { FreezeBadge } from '../FreezeBadge';
import { FreezeControl } from '../FreezeControl';
import { MilestoneChecklist } from '../MilestoneChecklist';
import { MilestoneFormButton } from '../MilestoneForm';
import { RequiredGatesNote } from '../RequiredGates';
import { StatusLabel } from '../StatusLabel';

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
  hash: { wordBreak: 'break-all' },
}));

/** One milestone: its stage, thresholds, freeze state, checklist, Edit and Freeze buttons. */
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
    <article className={classes.root} aria-labelledby={headingId}>
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
        {formatTime(checklist.evaluatedAt)}
      </Typography>
      <RequiredGatesNote required={checklist.requiredGates} />
      {milestone.freeze && (
        <Box mt={1}>
          <Typography variant="body2" component="div">
            Frozen as <code>{milestone.freeze.tag}</code> on{' '}
            {formatTime(milestone.freeze.frozenAt)} by{' '}
            {milestone.freeze.frozenBy}; audit chain entry{' '}
            <code className={classes.hash}>
              {milestone.freeze.chainEntryHash}
            </code>
          </Typography>
        </Box>
      )}
      {milestone.regression && (
        <Box mt={1}>
          <Typography variant="body2" component="div">
            <StatusLabel kind="error">
              Regressed on {formatTime(milestone.regression.regressedAt)}:{' '}
              {milestone.regression.failingItems
                .map(item => `${item.label} (${item.reason})`)
                .join('; ')}
            </StatusLabel>
          </Typography>
        </Box>
      )}
      <MilestoneChecklist milestoneId={milestone.id} items={checklist.items} />
    </article>
  );
};
