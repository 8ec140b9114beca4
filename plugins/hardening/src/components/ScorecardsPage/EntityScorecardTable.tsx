import { TableColumn } from '@backstage/core-components';
import {
  EntityScorecard,
  EntityScorecardPage,
  ScorecardExtensionMetricDefinition,
} from '@hardening/backstage-plugin-hardening-common';
import { useMemo } from 'react';
import { CardTable } from '../CardTable';
import { entityColumns, extensionColumns } from '../ScorecardParts';
import { EntitySort, OrgQuery, PAGE_SIZES } from './orgQuery';

type Column = TableColumn<EntityScorecard> & { sortKey?: EntitySort };

/**
 * The entities in scope, a page at a time, sorted by the backend: a click on a column
 * heading asks for that order (the rows are not re-sorted here), paging asks for the
 * next slice. The heading sorted by shows the query's order. Metrics backend modules
 * added get a column each, before the reasons.
 */
export const EntityScorecardTable = (props: {
  page: EntityScorecardPage;
  levelCount: number;
  extensionMetrics?: ScorecardExtensionMetricDefinition[];
  query: OrgQuery;
  loading: boolean;
  onChange: (patch: Partial<OrgQuery>) => void;
}) => {
  const { page, levelCount, extensionMetrics, query, loading, onChange } =
    props;
  const columns = useMemo(() => {
    const c = entityColumns(levelCount);
    const sortable = (column: TableColumn<EntityScorecard>, key: EntitySort) =>
      ({
        ...column,
        sortKey: key,
        customSort: () => 0,
        defaultSort: query.sort === key ? query.order : undefined,
      } as Column);
    return [
      sortable(c.entity, 'entity'),
      sortable(c.owner, 'owner'),
      c.system,
      c.tier,
      c.lifecycle,
      sortable(c.level, 'rank'),
      c.milestone,
      sortable(c.contract, 'contractGatePassRate'),
      sortable(c.openFailures, 'openTriageFailures'),
      ...extensionColumns(extensionMetrics),
      c.missing,
    ] as Column[];
  }, [levelCount, extensionMetrics, query.sort, query.order]);

  return (
    <CardTable<EntityScorecard>
      label="Entity scorecards"
      columns={columns}
      data={page.items}
      isLoading={loading}
      page={Math.floor(page.offset / page.limit)}
      totalCount={page.totalCount}
      onPageChange={(index, pageSize) =>
        onChange({ offset: index * pageSize, limit: pageSize })
      }
      onOrderChange={(columnIndex, direction) => {
        const key = columns[columnIndex]?.sortKey;
        onChange(
          key && direction
            ? { sort: key, order: direction, offset: 0 }
            : { sort: 'rank', order: 'desc', offset: 0 },
        );
      }}
      options={{
        paging: true,
        pageSize: query.limit,
        pageSizeOptions: PAGE_SIZES,
        keepSortDirectionOnColumnSwitch: false,
      }}
    />
  );
};
