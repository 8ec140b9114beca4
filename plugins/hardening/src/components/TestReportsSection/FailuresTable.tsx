import { TableColumn } from '@backstage/core-components';
import { TestCaseResult } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import { formatMs } from '../../utils/format';
import { AsyncContent } from '../AsyncContent';
import { CardTable } from '../CardTable';

const columns: TableColumn<TestCaseResult>[] = [
  {
    title: 'Test',
    field: 'name',
    render: row => (
      <>
        <div>{row.name}</div>
        <Typography variant="caption" color="textSecondary">
          {[row.suitePath.join(' › ') || row.classname, row.file]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
      </>
    ),
  },
  { title: 'Status', field: 'status' },
  { title: 'Attempts', field: 'attempts', type: 'numeric' },
  {
    title: 'Duration',
    field: 'durationMs',
    render: row => formatMs(row.durationMs),
  },
  { title: 'Message', field: 'message' },
];

/** The failed and errored tests of one test report. */
export const FailuresTable = (props: { reportId: string }) => {
  const { reportId } = props;
  const state = useHardeningData(
    async (api, entityRef) => {
      const [failed, errored] = await Promise.all([
        api.listTestCases(entityRef, reportId, {
          status: 'failed',
          limit: 100,
        }),
        api.listTestCases(entityRef, reportId, { status: 'error', limit: 100 }),
      ]);
      return [...failed.items, ...errored.items];
    },
    [reportId],
  );
  return (
    <AsyncContent
      state={state}
      errorTitle="Could not load the failed tests"
      isEmpty={cases => cases.length === 0}
      empty={
        <Typography variant="body2">
          No failed or errored test in the latest report.
        </Typography>
      }
    >
      {cases => (
        <CardTable<TestCaseResult>
          title={`Failures in the latest report (${cases.length})`}
          columns={columns}
          data={cases}
          options={{ paging: cases.length > 10, pageSize: 10 }}
        />
      )}
    </AsyncContent>
  );
};
