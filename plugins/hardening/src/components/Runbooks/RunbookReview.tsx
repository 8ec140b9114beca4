import { Link, WarningPanel } from '@backstage/core-components';
import { RunbookSummary } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { principalName, RelativeTime, ShortHash } from '../Words';

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
          Uploaded by {principalName(source.uploadedBy)}{' '}
          <RelativeTime iso={source.uploadedAt} /> (SHA-256{' '}
          <ShortHash value={source.digest} label="runbook digest" />)
        </>
      )}
    </Typography>
  );
};

/** Why the runbook counts as stale, with its dates relative to today. */
const StaleReason = (props: { runbook: RunbookSummary }) => {
  const { nextReview, lastUpdated, staleReason } = props.runbook;
  if (nextReview) {
    return (
      <>
        Its next review was due <RelativeTime iso={nextReview} />.
      </>
    );
  }
  if (lastUpdated) {
    return (
      <>
        It was last updated <RelativeTime iso={lastUpdated} /> and names no next
        review.
      </>
    );
  }
  return staleReason ? <>{staleReason}.</> : null;
};

/**
 * The runbook's own review dates and, when it is past its next review (or too old
 * without one), a warning (an alert) that it may no longer match the system.
 */
export const RunbookReview = (props: { runbook: RunbookSummary }) => {
  const { runbook } = props;
  return (
    <>
      {runbook.stale && (
        <WarningPanel
          title="This runbook may be out of date"
          defaultExpanded
          message={
            <>
              <StaleReason runbook={runbook} /> Check its steps against the
              system before relying on them, and update its "Last updated" and
              "Next review" lines once it is reviewed.
            </>
          }
        />
      )}
      <Typography variant="body2" color="textSecondary">
        {runbook.lastUpdated || runbook.nextReview ? (
          <>
            {runbook.lastUpdated && (
              <>
                Last updated <RelativeTime iso={runbook.lastUpdated} />
              </>
            )}
            {runbook.lastUpdated && runbook.nextReview && ' · '}
            {runbook.nextReview && (
              <>
                {runbook.lastUpdated ? 'review' : 'Review'} due{' '}
                <RelativeTime iso={runbook.nextReview} />
              </>
            )}
            .
          </>
        ) : (
          'It has no "Last updated" or "Next review" line, so nothing tells whether it is current: add them.'
        )}
      </Typography>
    </>
  );
};
