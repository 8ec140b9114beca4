import { Link } from '@backstage/core-components';
import { RunbookSummary } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { formatTime, shortHash } from '../../utils/format';
import { StatusLabel } from '../StatusLabel';

/** Where the runbook comes from: its file in the repository, or who uploaded it. */
export const RunbookSource = (props: { runbook: RunbookSummary }) => {
  const { source } = props.runbook;
  return (
    <Typography variant="body2" color="textSecondary">
      {source.kind === 'url' ? (
        <>
          From{' '}
          <Link to={source.url} externalLinkIcon>
            {source.path}
          </Link>{' '}
          in the repository
        </>
      ) : (
        <>
          Uploaded by {source.uploadedBy} on {formatTime(source.uploadedAt)}{' '}
          (SHA-256 <code>{shortHash(source.digest)}</code>)
        </>
      )}
    </Typography>
  );
};

/**
 * The runbook's own review dates and, when it is past its next review (or too old
 * without one), a warning that it may no longer match the system.
 */
export const RunbookReview = (props: { runbook: RunbookSummary }) => {
  const { runbook } = props;
  const dates = [
    runbook.lastUpdated && `Last updated ${runbook.lastUpdated}`,
    runbook.nextReview && `next review ${runbook.nextReview}`,
  ].filter(Boolean);
  return (
    <>
      {runbook.stale && (
        <Typography variant="body2" component="div" role="alert">
          <StatusLabel kind="warning">
            This runbook may be out of date.
            {runbook.staleReason ? ` ${runbook.staleReason}.` : ''} Check its
            steps against the system before relying on them, and update its
            "Last updated" and "Next review" lines once it is reviewed.
          </StatusLabel>
        </Typography>
      )}
      <Typography variant="body2" color="textSecondary">
        {dates.length > 0
          ? `${dates.join(' · ')}.`
          : 'It has no "Last updated" or "Next review" line, so nothing tells whether it is current: add them.'}
      </Typography>
    </>
  );
};
