import { TableColumn } from '@backstage/core-components';
import { FlakyTest } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { CardTable } from '../CardTable';
import { RelativeTime } from '../Words';

const columns: TableColumn<FlakyTest>[] = [
  { title: 'Test', field: 'name' },
  { title: 'Runs', field: 'runs', type: 'numeric' },
  { title: 'Passed on rerun', field: 'flakyRuns', type: 'numeric' },
  {
    title: 'Passed and failed on one commit',
    field: 'sameCommitFlips',
    type: 'numeric',
  },
  { title: 'Last status', field: 'lastStatus' },
  {
    title: 'Last seen',
    field: 'lastSeen',
    render: row => <RelativeTime iso={row.lastSeen} />,
  },
];

/** Tests that passed on a rerun, or both passed and failed on one commit. */
export const FlakyTestsTable = (props: { tests: FlakyTest[] }) => {
  if (props.tests.length === 0) {
    return (
      <Typography variant="body2">
        No flaky tests: no test passed on a rerun or flipped on one commit.
      </Typography>
    );
  }
  return (
    <CardTable<FlakyTest>
      title={`Flaky tests (${props.tests.length})`}
      columns={columns}
      data={props.tests}
      options={{ paging: props.tests.length > 10, pageSize: 10 }}
    />
  );
};
