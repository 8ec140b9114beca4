import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { StatusLabel } from '../StatusLabel';
import { principalName, RelativeTime, ShortHash } from '../Words';
import { FreezeOutcome } from './freezeOutcome';

const useStyles = makeStyles(theme => ({
  root: { marginTop: theme.spacing(1) },
}));

/** The result of a freeze attempt: the recorded tag and chain hash, or why it was refused. */
export const FreezeOutcomeMessage = (props: {
  milestoneId: string;
  outcome: FreezeOutcome;
}) => {
  const { milestoneId, outcome } = props;
  const classes = useStyles();
  if (outcome.kind === 'frozen') {
    const { freeze } = outcome.response;
    return (
      <div
        className={classes.root}
        role="status"
        aria-label={`Freeze of ${milestoneId} recorded`}
      >
        <Typography variant="body2" component="div">
          <StatusLabel kind="ok">
            {milestoneId} frozen as tag <code>{freeze.tag}</code>{' '}
            <RelativeTime iso={freeze.frozenAt} /> by{' '}
            {principalName(freeze.frozenBy)}.
          </StatusLabel>
        </Typography>
        <Typography variant="body2" component="div">
          Release audit chain entry:{' '}
          <ShortHash
            value={freeze.chainEntryHash}
            label="audit chain entry hash"
          />
        </Typography>
      </div>
    );
  }
  return (
    <div
      className={classes.root}
      role="alert"
      aria-label={`Freeze of ${milestoneId} ${
        outcome.kind === 'refused' ? 'refused' : 'failed'
      }`}
    >
      <Typography variant="body2" component="div">
        <StatusLabel kind="error">
          {outcome.kind === 'refused'
            ? `Freeze refused: ${outcome.reason}`
            : `Freeze failed: ${outcome.message}`}
        </StatusLabel>
      </Typography>
    </div>
  );
};
