import { Table, TableColumn } from '@backstage/core-components';
import {
  GroupScorecardSummary,
  ScorecardLevel,
} from '@hardening/backstage-plugin-hardening-common';
import { formatPercent } from '../../utils/format';
import { formatMeanRank, levelCounts } from '../../utils/scorecards';
import { LabelledTable } from '../LabelledTable';
import { EntityCell } from '../ScorecardParts';

const PAGE_SIZE = 20;

/** `Gold 2 · Silver 1 · Bronze 0 · No level 3` */
function levelsText(
  levels: readonly ScorecardLevel[],
  counts: Record<string, number>,
) {
  return levelCounts(levels, counts)
    .map(row => `${row.title} ${row.count}`)
    .join(' · ');
}

/** The teams, best mean level first, with their level counts and key averages. */
export const TeamRankingTable = (props: {
  teams: GroupScorecardSummary[];
  levels: readonly ScorecardLevel[];
}) => {
  const { teams, levels } = props;
  const columns: TableColumn<GroupScorecardSummary>[] = [
    { title: 'Position', field: 'position', type: 'numeric', width: '6%' },
    {
      title: 'Team',
      field: 'groupRef',
      render: row => <EntityCell entityRef={row.groupRef} title={row.title} />,
    },
    { title: 'Entities', field: 'entities', type: 'numeric' },
    {
      title: 'Levels',
      field: 'levels',
      sorting: false,
      render: row => levelsText(levels, row.levels),
    },
    {
      title: 'Mean level',
      field: 'averages.rank',
      type: 'numeric',
      render: row => formatMeanRank(row.averages.rank, levels.length),
    },
    {
      title: 'Contract gates passed',
      field: 'averages.contractGatePassRate',
      type: 'numeric',
      render: row => formatPercent(row.averages.contractGatePassRate),
    },
    {
      title: 'Open failures per entity',
      field: 'averages.openTriageFailures',
      type: 'numeric',
      render: row =>
        String(Math.round(row.averages.openTriageFailures * 10) / 10),
    },
  ];
  return (
    <LabelledTable label="Team ranking">
      <Table<GroupScorecardSummary>
        columns={columns}
        data={teams}
        options={{
          paging: teams.length > PAGE_SIZE,
          pageSize: PAGE_SIZE,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
      />
    </LabelledTable>
  );
};
