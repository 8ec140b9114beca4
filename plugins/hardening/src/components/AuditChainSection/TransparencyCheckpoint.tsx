import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { serverMessage } from '../../utils/errors';
import { LoadState } from '../AsyncContent/sectionLoad';
import { StatusLabel } from '../StatusLabel';
import { RelativeTime, ShortHash } from '../Words';
import { CheckpointConsistency } from './CheckpointConsistency';
import { CheckpointWitnesses } from './CheckpointWitnesses';
import { TransparencyView } from './useTransparencyCheckpoint';

const useStyles = makeStyles(theme => ({
  root: {
    margin: theme.spacing(1.5, 0),
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
    margin: theme.spacing(1, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
}));

const BACKEND_KEY_CAVEAT =
  'The backend served this key itself: a backend that rewrote its log could sign with another key and serve that one. Pin the key in the frontend config hardening.transparency.publicKey to check against a key you trust.';

const KeyNote = (props: { view: TransparencyView }) => {
  const { keySource } = props.view;
  if (keySource === 'pinned') return <>with the pinned key</>;
  return (
    <Tooltip title={BACKEND_KEY_CAVEAT}>
      <span>with the key served by the backend</span>
    </Tooltip>
  );
};

/**
 * The latest signed checkpoint of the entity's transparency log: whether its signature
 * verified in the browser (and with which key), whether it extends the checkpoint this
 * browser saw last, its size, root, signer and time, and the witnesses' cosignatures.
 */
export const TransparencyCheckpoint = (props: {
  state: LoadState<TransparencyView | undefined>;
}) => {
  const { state } = props;
  const classes = useStyles();
  const heading = (
    <Typography variant="h6" component="h3">
      Transparency log
    </Typography>
  );
  if (state.error) {
    return (
      <div className={classes.root} role="group" aria-label="Latest checkpoint">
        {heading}
        <Typography variant="body2" component="div">
          <StatusLabel kind="error">
            Could not load the latest checkpoint: {serverMessage(state.error)}
          </StatusLabel>
        </Typography>
      </div>
    );
  }
  const view = state.value;
  if (!view) {
    return (
      <div className={classes.root} role="group" aria-label="Latest checkpoint">
        {heading}
        <Typography variant="body2" component="div">
          <StatusLabel kind="pending">
            Loading the latest checkpoint…
          </StatusLabel>
        </Typography>
      </div>
    );
  }
  const { status, check } = view;
  const signer = check.ok ? check.checkpoint.signer : status.signer;
  return (
    <div className={classes.root} role="group" aria-label="Latest checkpoint">
      {heading}
      {check.ok ? (
        <Typography variant="body2" component="div">
          <StatusLabel kind="ok">
            Checkpoint signature verified in your browser{' '}
            <KeyNote view={view} />
          </StatusLabel>
        </Typography>
      ) : (
        <div role="alert">
          <Typography variant="body2" component="div">
            <StatusLabel kind="error">
              Checkpoint signature not verified <KeyNote view={view} />:{' '}
              {check.reason}
            </StatusLabel>
          </Typography>
          <Typography variant="body2" color="textSecondary">
            The entries below are not checked against it.
          </Typography>
        </div>
      )}
      {check.ok && <CheckpointConsistency checkpoint={check.checkpoint} />}
      {check.ok && view.keySource === 'backend' && (
        <Typography variant="caption" color="textSecondary" component="p">
          Weaker than a pinned key: {BACKEND_KEY_CAVEAT}
        </Typography>
      )}
      <dl className={classes.facts}>
        <dt>Size</dt>
        <dd>
          {status.treeSize} {status.treeSize === 1 ? 'entry' : 'entries'}
        </dd>
        <dt>Root</dt>
        <dd>
          <ShortHash value={status.rootHash} label="checkpoint root hash" />
        </dd>
        <dt>Signed by</dt>
        <dd>
          {signer.name} (key id {signer.keyId})
        </dd>
        <dt>Signed</dt>
        <dd>
          <RelativeTime iso={status.signedAt} />
        </dd>
      </dl>
      <CheckpointWitnesses view={view} />
    </div>
  );
};
