import { StoredAuditChainVerification } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { RelativeTime, ShortHash } from '../Words';
import { StatusLabel } from '../StatusLabel';

const BREAK_REASONS: Record<string, string> = {
  'hash-mismatch': 'an entry was changed after it was written',
  'duplicate-entry': 'an entry is repeated',
  forked: 'the chain forks into two histories',
  reordered: 'entries are out of order',
  'prev-hash-mismatch': 'an entry is missing or was rewritten',
  'head-mismatch': 'the chain does not end at its recorded head',
};

/**
 * The backend's re-verification of the stored chain; when broken, the exact entry and why,
 * and where that entry is in the timeline below (which shows the newest entries first, so
 * the broken one may not be loaded yet).
 */
export const ChainVerificationStatus = (props: {
  verification: StoredAuditChainVerification;
  /** Whether the entry where the chain breaks is among the entries shown below. */
  brokenEntryShown?: boolean;
  /** Whether the timeline below has older entries still to load. */
  olderEntriesToLoad?: boolean;
}) => {
  const { verification, brokenEntryShown, olderEntriesToLoad } = props;
  const { head } = verification;
  if (verification.ok) {
    return (
      <div aria-label="Chain verification" role="group">
        <Typography variant="h6" component="h3">
          <StatusLabel kind="ok">
            Chain verified: {verification.length} entries
          </StatusLabel>
        </Typography>
        {head && (
          <Typography variant="body2" component="div">
            Newest entry seq {head.seq}, hash{' '}
            <ShortHash value={head.hash} label="hash of the newest entry" />,
            recorded <RelativeTime iso={head.verifiedAt} />
          </Typography>
        )}
      </div>
    );
  }
  const broken = verification.break;
  return (
    <div role="alert" aria-label="Chain verification">
      <Typography variant="h6" component="h3">
        <StatusLabel kind="error">
          Chain broken
          {broken
            ? ` at seq ${broken.seq}: ${
                BREAK_REASONS[broken.reason] ?? 'see below'
              }`
            : ''}
        </StatusLabel>
      </Typography>
      {broken && (
        <Typography variant="body2" component="div">
          Entry seq {broken.seq}: {broken.message}. Expected{' '}
          <ShortHash value={broken.expected} label="expected hash" />, found{' '}
          <ShortHash value={broken.actual} label="found hash" />
          {broken.relatedIndex !== undefined &&
            ` (related entry at position ${broken.relatedIndex})`}
          .
        </Typography>
      )}
      {broken && (brokenEntryShown || olderEntriesToLoad) && (
        <Typography variant="body2" component="div">
          {brokenEntryShown
            ? `Entry seq ${broken.seq} is marked in the timeline below.`
            : `Entry seq ${broken.seq} is older than the entries shown below: "Older entries" pages down to it.`}
        </Typography>
      )}
    </div>
  );
};
