import { TableColumn } from '@backstage/core-components';
import {
  FLAKY_TEST_DEFINITION,
  FlakyTest,
  FlakyTestList,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { flakyFigure } from '../../utils/flaky';
import { CardTable } from '../CardTable';
import { RelativeTime } from '../Words';

const columns: TableColumn<FlakyTest>[] = [
  { title: 'Test', field: 'name' },
  { title: 'Runs', field: 'runs', type: 'numeric' },
  { title: 'Passed on rerun', field: 'rerunPasses', type: 'numeric' },
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

/**
 * The entity's flaky tests: the figure with its window (`5 in the last 14 days`, the same
 * figure as the scorecards), the definition, and the most flaky tests.
 */
export const FlakyTestsTable = (props: { list: FlakyTestList }) => {
  const { list } = props;
  const title = `Flaky tests: ${flakyFigure(list)}`;
  const definition = (
    <Typography variant="body2" color="textSecondary">
      {FLAKY_TEST_DEFINITION}
      {list.total > list.items.length
        ? ` The ${list.items.length} most flaky are listed.`
        : ''}
    </Typography>
  );
  if (list.items.length === 0) {
    return (
      <>
        <Typography variant="subtitle2" component="p">
          {title}
        </Typography>
        {definition}
      </>
    );
  }
  return (
    <>
      <CardTable<FlakyTest>
        title={title}
        columns={columns}
        data={list.items}
        options={{ paging: list.items.length > 10, pageSize: 10 }}
      />
      {definition}
    </>
  );
};
