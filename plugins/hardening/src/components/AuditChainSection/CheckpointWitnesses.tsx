import { TransparencyStatus } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { StatusLabel } from '../StatusLabel';
import { RelativeTime } from '../Words';

const useStyles = makeStyles(theme => ({
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
}));

/**
 * The witnesses that vouch for the log: each one's latest cosignature (the tree size it
 * cosigned and when), whether it is behind the latest checkpoint, and the witnesses a
 * freeze requires that have not cosigned at all.
 */
export const CheckpointWitnesses = (props: { status: TransparencyStatus }) => {
  const { cosignatures, requiredWitnesses, treeSize } = props.status;
  const classes = useStyles();
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
              <li key={`${c.witness}+${c.keyId}`} aria-label={c.witness}>
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
        <Typography variant="caption" color="textSecondary">
          The backend checked each cosignature against its configured witness
          keys when it was uploaded.
        </Typography>
      )}
    </div>
  );
};
