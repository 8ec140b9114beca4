import { Table, TableColumn } from '@backstage/core-components';
import {
  describeRunThresholdsVerdict,
  MilestoneStatus,
  StoredReport,
  StressPhase,
  StressRunSummary,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatMs, formatPercent } from '../../utils/format';
import { ReportContext } from '../ReportContext';
import { passFail, StatusLabel } from '../StatusLabel';
import { MilestoneStressVerdicts } from './MilestoneStressVerdicts';

const columns: TableColumn<StressPhase>[] = [
  { title: 'Phase', field: 'name' },
  { title: 'Kind', field: 'kind' },
  { title: 'Requests', field: 'requests', type: 'numeric' },
  { title: 'Failures', field: 'failures', type: 'numeric' },
  {
    title: 'Error rate',
    render: row =>
      formatPercent(row.requests > 0 ? row.failures / row.requests : null),
  },
  { title: 'p95', render: row => formatMs(row.latencyMs?.p95) },
];

/**
 * The newest stress run: its verdict against its own thresholds (named), each
 * milestone's verdict against that milestone's limits, the failing rules of the run's
 * own thresholds and every phase.
 */
export const LatestStressRun = (props: {
  run: StoredReport<StressRunSummary>;
  milestones?: MilestoneStatus[];
}) => {
  const { run, milestones } = props;
  const { evaluation } = run.summary;
  const failing = evaluation.verdicts.filter(v => !v.passing);
  return (
    <>
      <Typography variant="h6" component="h3">
        <StatusLabel kind={passFail(evaluation.passing)}>
          Latest run ({run.summary.run.scenario}):{' '}
          {describeRunThresholdsVerdict(run.summary.run, evaluation)}
        </StatusLabel>
      </Typography>
      <MilestoneStressVerdicts run={run.summary.run} milestones={milestones} />
      <ReportContext report={run} />
      {failing.length > 0 && (
        <ul aria-label="Failing rules of the run's own thresholds">
          {failing.map((verdict, index) => (
            <li key={index}>
              <Typography variant="body2">{verdict.message}</Typography>
            </li>
          ))}
        </ul>
      )}
      <Box mt={2}>
        <Table<StressPhase>
          title="Phases of the latest run"
          columns={columns}
          data={run.summary.run.phases}
          options={{ paging: false, search: false, padding: 'dense' }}
        />
      </Box>
    </>
  );
};
