import { Link } from '@backstage/core-components';
import {
  describeReportUploader,
  StoredReport,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { formatTime, shortHash } from '../../utils/format';

/**
 * Where a stored report came from: when it arrived, commit, branch, tags, who uploaded it
 * (when the backend recorded it) and CI run.
 */
export const ReportContext = (props: { report: StoredReport<object> }) => {
  const { report } = props;
  const { commit, branch, runUrl, pipeline, tags } = report.context;
  const parts = [
    `received ${formatTime(report.receivedAt)}`,
    commit && `commit ${commit.slice(0, 12)}`,
    branch && `branch ${branch}`,
    pipeline && `pipeline ${pipeline}`,
    tags.length > 0 && `tags ${tags.join(', ')}`,
    report.uploader && describeReportUploader(report.uploader),
    `report ${shortHash(report.id)}`,
  ].filter(Boolean);
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      title={`digest ${report.digest}`}
    >
      {parts.join(' · ')}
      {runUrl && (
        <>
          {' · '}
          <Link to={runUrl}>CI run</Link>
        </>
      )}
    </Typography>
  );
};
