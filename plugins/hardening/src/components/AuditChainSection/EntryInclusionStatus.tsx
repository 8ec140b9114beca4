import { StoredAuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { ProofLoader } from '../../transparency/proofLoader';
import { VerifiedCheckpoint } from '../../transparency/verifyCheckpoint';
import { verifyEntryInclusion } from '../../transparency/verifyEntryInclusion';
import { serverMessage } from '../../utils/errors';
import { StatusLabel } from '../StatusLabel';

/**
 * Whether one entry of the timeline, as shown, is in the verified checkpoint: its leaf
 * hash computed here from its content and its inclusion proof checked against the
 * signed root, in the browser.
 */
export const EntryInclusionStatus = (props: {
  stored: StoredAuditChainEntry;
  checkpoint: VerifiedCheckpoint;
  proofs: ProofLoader;
}) => {
  const { stored, checkpoint, proofs } = props;
  const state = useAsync(
    () =>
      verifyEntryInclusion(stored, checkpoint, (seq, size) =>
        proofs.inclusionProof(seq, size),
      ),
    [stored, checkpoint, proofs],
  );
  const size = checkpoint.size;
  let status;
  if (state.error) {
    status = (
      <StatusLabel kind="warning">
        Inclusion in checkpoint {size} not checked: {serverMessage(state.error)}
      </StatusLabel>
    );
  } else if (!state.value) {
    status = (
      <StatusLabel kind="pending">
        Checking inclusion in checkpoint {size}…
      </StatusLabel>
    );
  } else if (state.value.kind === 'included') {
    status = (
      <StatusLabel kind="ok">
        Included in checkpoint {size} · verified in your browser
      </StatusLabel>
    );
  } else if (state.value.kind === 'after-checkpoint') {
    status = (
      <StatusLabel kind="pending">
        Appended after checkpoint {size}: not yet in a signed checkpoint
      </StatusLabel>
    );
  } else {
    status = (
      <StatusLabel kind="error">
        Not included in checkpoint {size}: {state.value.reason}
      </StatusLabel>
    );
  }
  return (
    <Typography variant="caption" component="div">
      {status}
    </Typography>
  );
};
