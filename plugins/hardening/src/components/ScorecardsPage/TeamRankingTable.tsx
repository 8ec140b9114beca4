import { TableColumn } from '@backstage/core-components';
import {
  GroupScorecardSummary,
  ScorecardLevel,
} from '@hardening/backstage-plugin-hardening-common';
import { useSearchParams } from 'react-router-dom';
import { formatPercent } from '../../utils/format';
import { formatMeanRank, levelCounts } from '../../utils/scorecards';
import { CardTable } from '../CardTable';
import { EntityCell } from '../ScorecardParts';
import { principalName } from '../Words';

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

function teamName(team: GroupScorecardSummary): string {
  return team.title ?? principalName(team.groupRef);
}

type Column = TableColumn<GroupScorecardSummary> & { urlKey?: string };

function teamColumns(levels: readonly ScorecardLevel[]): Column[] {
  return [
    {
      urlKey: 'position',
      title: 'Position',
      field: 'position',
      type: 'numeric',
      width: '6%',
    },
    {
      urlKey: 'team',
      title: 'Team',
      field: 'groupRef',
      customSort: (a, b) => teamName(a).localeCompare(teamName(b), 'en'),
      render: row => <EntityCell entityRef={row.groupRef} title={row.title} />,
    },
    {
      urlKey: 'entities',
      title: 'Entities',
      field: 'entities',
      type: 'numeric',
    },
    {
      title: 'Levels',
      field: 'levels',
      sorting: false,
      render: row => levelsText(levels, row.levels),
    },
    {
      urlKey: 'level',
      title: 'Mean level',
      field: 'averages.rank',
      type: 'numeric',
      render: row => formatMeanRank(row.averages.rank, levels.length),
    },
    {
      urlKey: 'contract',
      title: 'Contract gates passed',
      field: 'averages.contractGatePassRate',
      type: 'numeric',
      render: row => formatPercent(row.averages.contractGatePassRate),
    },
    {
      urlKey: 'failures',
      title: 'Open failures per entity',
      field: 'averages.openTriageFailures',
      type: 'numeric',
      render: row =>
        String(Math.round(row.averages.openTriageFailures * 10) / 10),
    },
  ];
}

/**
 * The teams, best mean level first, with their level counts and key averages. A click
 * on a heading sorts the rows by it; the sort is kept in the URL (`teamSort`,
 * `teamOrder`), so a reload or a shared link shows the same order.
 */
export const TeamRankingTable = (props: {
  teams: GroupScorecardSummary[];
  levels: readonly ScorecardLevel[];
}) => {
  const { teams, levels } = props;
  const [params, setParams] = useSearchParams();
  const sortKey = params.get('teamSort');
  const order: 'asc' | 'desc' =
    params.get('teamOrder') === 'desc' ? 'desc' : 'asc';
  const columns = teamColumns(levels).map(
    (column): Column =>
      column.urlKey && column.urlKey === sortKey
        ? { ...column, defaultSort: order }
        : column,
  );
  return (
    <CardTable<GroupScorecardSummary>
      label="Team ranking"
      columns={columns}
      data={teams}
      onOrderChange={(index, direction) =>
        setParams(
          current => {
            const next = new URLSearchParams(current);
            const key = columns[index]?.urlKey;
            if (key && direction) {
              next.set('teamSort', key);
              next.set('teamOrder', direction);
            } else {
              next.delete('teamSort');
              next.delete('teamOrder');
            }
            return next;
          },
          { replace: true },
        )
      }
      options={{ paging: teams.length > PAGE_SIZE, pageSize: PAGE_SIZE }}
    />
  );
};
