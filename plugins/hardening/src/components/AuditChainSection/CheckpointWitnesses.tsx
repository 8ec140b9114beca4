import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { StatusLabel } from '../StatusLabel';
import { CosignatureCheck } from '../../transparency/verifyCosignatures';
import { serverMessage } from '../../utils/errors';
import { RelativeTime } from '../Words';
import { cosignatureKey, useCosignatureChecks } from './useCosignatureChecks';
import { TransparencyView } from './useTransparencyCheckpoint';

const useStyles = makeStyles(theme => ({
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
}));

const BACKEND_KEYS_CAVEAT =
  'The backend listed these witness keys itself: pin them in the frontend config hardening.transparency.witnessKeys to check against keys you trust.';

/** What checking one cosignature in the browser found, in words. */
const CosignatureVerdict = (props: {
  checked: boolean;
  check?: CosignatureCheck;
  error?: Error;
}) => {
  const { checked, check, error } = props;
  if (!checked) {
    return (
      <StatusLabel kind="pending">
        cosignature not checked: the checkpoint did not verify
      </StatusLabel>
    );
  }
  if (error) {
    return (
      <StatusLabel kind="warning">
        cosignature not checked: {serverMessage(error)}
      </StatusLabel>
    );
  }
  if (!check) {
    return <StatusLabel kind="pending">checking the cosignature…</StatusLabel>;
  }
  if (check.kind === 'verified') {
    return (
      <StatusLabel kind="ok">cosignature verified in your browser</StatusLabel>
    );
  }
  if (check.kind === 'unknown-key') {
    return (
      <StatusLabel kind="warning">
        cosignature not verified: {check.reason}
      </StatusLabel>
    );
  }
  return (
    <StatusLabel kind="error">cosignature invalid: {check.reason}</StatusLabel>
  );
};

/**
 * The witnesses that vouch for the log: each one's latest cosignature (the tree size it
 * cosigned and when), whether it is behind the latest checkpoint, whether its signature
 * verified in the browser, and the witnesses a freeze requires that have not cosigned
 * at all.
 */
export const CheckpointWitnesses = (props: { view: TransparencyView }) => {
  const { view } = props;
  const { cosignatures, requiredWitnesses, treeSize } = view.status;
  const classes = useStyles();
  const checks = useCosignatureChecks(view);
  const missing = requiredWitnesses.filter(
    name => !cosignatures.some(c => c.witness === name),
  );
  return (
    <div role="group" aria-labelledby="hardening-checkpoint-witnesses">
      <Typography
        id="hardening-checkpoint-witnesses"
        variant="subtitle2"
        component="h4"
      >
        Witnesses
      </Typography>
      {cosignatures.length === 0 && missing.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No witness has cosigned this log's checkpoints yet.
        </Typography>
      ) : (
        <ul className={classes.list} aria-label="Witness cosignatures">
          {cosignatures.map(c => {
            const required = requiredWitnesses.includes(c.witness);
            const behind = c.treeSize < treeSize;
            return (
              <li key={cosignatureKey(c)} aria-label={c.witness}>
                <Typography variant="body2" component="div">
                  <strong>{c.witness}</strong> (key {c.keyId}) cosigned tree
                  size {c.treeSize} <RelativeTime iso={c.cosignedAt} />
                  {' · '}
                  {behind ? (
                    <StatusLabel kind={required ? 'warning' : 'pending'}>
                      behind the latest checkpoint ({treeSize})
                      {required ? ', required for a freeze' : ''}
                    </StatusLabel>
                  ) : (
                    <StatusLabel kind="ok">
                      cosigned the latest checkpoint
                      {required ? ', required for a freeze' : ''}
                    </StatusLabel>
                  )}
                  {' · '}
                  <CosignatureVerdict
                    checked={view.check.ok}
                    check={checks.value?.get(cosignatureKey(c))}
                    error={checks.error}
                  />
                </Typography>
              </li>
            );
          })}
          {missing.map(name => (
            <li key={name} aria-label={name}>
              <Typography variant="body2" component="div">
                <strong>{name}</strong>{' '}
                <StatusLabel kind="warning">
                  missing: required for a freeze, has not cosigned
                </StatusLabel>
              </Typography>
            </li>
          ))}
        </ul>
      )}
      {cosignatures.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Each cosignature is checked in your browser with the witness keys{' '}
          {view.witnessKeySource === 'pinned'
            ? 'pinned in the frontend config.'
            : `listed by the backend. ${BACKEND_KEYS_CAVEAT}`}
        </Typography>
      )}
    </div>
  );
};
