import { Link } from '@backstage/core-components';
import {
  describeReportUploader,
  StoredReport,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { Fragment, ReactNode } from 'react';
import { RelativeTime, ShortHash } from '../Words';

/**
 * Where a stored report came from: when it arrived, commit, branch, tags, who uploaded it
 * (when the backend recorded it) and CI run.
 */
export const ReportContext = (props: { report: StoredReport<object> }) => {
  const { report } = props;
  const { commit, branch, runUrl, pipeline, tags } = report.context;
  const parts: ReactNode[] = [
    <>
      received <RelativeTime iso={report.receivedAt} />
    </>,
    commit && (
      <>
        commit <ShortHash value={commit} label="commit" />
      </>
    ),
    branch && `branch ${branch}`,
    pipeline && `pipeline ${pipeline}`,
    tags.length > 0 && `tags ${tags.join(', ')}`,
    report.uploader && describeReportUploader(report.uploader),
  ].filter(Boolean);
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      title={`digest ${report.digest}`}
    >
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && ' · '}
          {part}
        </Fragment>
      ))}
      {runUrl && (
        <>
          {' · '}
          <Link to={runUrl}>CI run</Link>
        </>
      )}
    </Typography>
  );
};
