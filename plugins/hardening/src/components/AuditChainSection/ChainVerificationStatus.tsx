import { StoredAuditChainVerification } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { formatTime, shortHash } from '../../utils/format';
import { StatusLabel } from '../StatusLabel';

const BREAK_REASONS: Record<string, string> = {
  'hash-mismatch': 'an entry was changed after it was written',
  'duplicate-entry': 'an entry is repeated',
  forked: 'the chain forks into two histories',
  reordered: 'entries are out of order',
  'prev-hash-mismatch': 'an entry is missing or was rewritten',
  'head-mismatch': 'the chain does not end at its recorded head',
};

/** The backend's re-verification of the stored chain; when broken, the exact entry and why. */
export const ChainVerificationStatus = (props: {
  verification: StoredAuditChainVerification;
}) => {
  const { verification } = props;
  const { head } = verification;
  if (verification.ok) {
    return (
      <Typography variant="h6" component="h3" aria-label="Chain verification">
        <StatusLabel kind="ok">
          Chain verified: {verification.length} entries
          {head
            ? `, head seq ${head.seq} (hash ${shortHash(
                head.hash,
              )}…) recorded ${formatTime(head.verifiedAt)}`
            : ''}
        </StatusLabel>
      </Typography>
    );
  }
  const broken = verification.break;
  return (
    <div role="alert" aria-label="Chain verification">
      <Typography variant="h6" component="h3">
        <StatusLabel kind="error">
          Chain broken
          {broken
            ? ` at seq ${broken.seq}: ${broken.reason} (${
                BREAK_REASONS[broken.reason] ?? 'see below'
              })`
            : ''}
        </StatusLabel>
      </Typography>
      {broken && (
        <Typography variant="body2" component="div">
          Entry seq {broken.seq}: {broken.message}. Expected{' '}
          <code>{shortHash(broken.expected)}…</code>, found{' '}
          <code>{shortHash(broken.actual)}…</code>
          {broken.relatedIndex !== undefined &&
            ` (related entry at position ${broken.relatedIndex})`}
          .
        </Typography>
      )}
    </div>
  );
};
