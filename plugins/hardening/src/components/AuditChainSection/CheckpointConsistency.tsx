import {
  StorageApi,
  storageApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef } from '../../hooks';
import {
  asSeenCheckpoint,
  checkConsistency,
  SeenCheckpoint,
} from '../../transparency/checkConsistency';
import { VerifiedCheckpoint } from '../../transparency/verifyCheckpoint';
import { serverMessage } from '../../utils/errors';
import { StatusLabel } from '../StatusLabel';
import { RelativeTime } from '../Words';

/**
 * A stored value once the storage knows it: a storage backed by the user-settings
 * backend answers "unknown" until it has fetched the value, then tells its observers.
 */
async function storedValue(bucket: StorageApi, key: string): Promise<unknown> {
  const snapshot = bucket.snapshot(key);
  if (snapshot.presence !== 'unknown') return snapshot.value;
  return new Promise<unknown>((resolve, reject) => {
    const subscription = bucket.observe$(key).subscribe({
      next: next => {
        if (next.presence === 'unknown') return;
        subscription.unsubscribe();
        resolve(next.value);
      },
      error: reject,
    });
  });
}

/** The storage bucket of the checkpoints this browser verified, one per entity. */
export const SEEN_CHECKPOINTS_BUCKET = 'hardening-transparency';

/**
 * Whether the verified checkpoint extends the one this browser verified on its last
 * visit (remembered per entity in the user's storage), by a consistency proof checked
 * here. The latest checkpoint is remembered unless it is inconsistent, so that the
 * warning stays until someone looks into it.
 */
export const CheckpointConsistency = (props: {
  checkpoint: VerifiedCheckpoint;
}) => {
  const { checkpoint } = props;
  const api = useApi(hardeningApiRef);
  const storage = useApi(storageApiRef);
  const { entityRef, entityRefString } = useEntityCompoundRef();
  const state = useAsync(async () => {
    const bucket = storage.forBucket(SEEN_CHECKPOINTS_BUCKET);
    const seen = asSeenCheckpoint(await storedValue(bucket, entityRefString));
    const check = await checkConsistency(seen, checkpoint, (from, to) =>
      api.getConsistencyProof(entityRef, from, to),
    );
    if (check.kind !== 'inconsistent') {
      const latest: SeenCheckpoint = {
        origin: checkpoint.origin,
        size: checkpoint.size,
        rootHex: checkpoint.rootHex,
        seenAt: new Date(Date.now()).toISOString(),
      };
      await bucket.set(entityRefString, latest);
    }
    return check;
  }, [api, storage, entityRef, entityRefString, checkpoint]);

  if (state.error) {
    return (
      <Typography variant="body2" component="div">
        <StatusLabel kind="warning">
          Could not check the log against the checkpoint you saw last:{' '}
          {serverMessage(state.error)}
        </StatusLabel>
      </Typography>
    );
  }
  const check = state.value;
  if (!check || check.kind === 'first-visit') return null;
  const { seen } = check;
  if (check.kind === 'consistent') {
    return (
      <Typography variant="body2" component="div">
        <StatusLabel kind="ok">
          Consistent with the checkpoint you saw{' '}
          <RelativeTime iso={seen.seenAt} /> (size {seen.size})
        </StatusLabel>
      </Typography>
    );
  }
  return (
    <div role="alert">
      <Typography variant="body2" component="div">
        <StatusLabel kind="error">
          Not consistent with the checkpoint you saw{' '}
          <RelativeTime iso={seen.seenAt} /> (size {seen.size}): {check.reason}
        </StatusLabel>
      </Typography>
      <Typography variant="body2" color="textSecondary">
        A log that only grows never does this: tell whoever runs the portal.
      </Typography>
    </div>
  );
};
