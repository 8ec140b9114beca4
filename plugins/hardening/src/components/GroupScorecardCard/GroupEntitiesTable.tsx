import {
  EntityScorecard,
  ScorecardExtensionMetricDefinition,
} from '@hardening/backstage-plugin-hardening-common';
import { CardTable } from '../CardTable';
import { entityColumns, extensionColumns } from '../ScorecardParts';

const PAGE_SIZE = 10;

/**
 * A team's entities, lowest level first, with the metrics backend modules added and
 * what each misses for the next level.
 */
export const GroupEntitiesTable = (props: {
  teamName: string;
  entities: EntityScorecard[];
  levelCount: number;
  extensionMetrics?: ScorecardExtensionMetricDefinition[];
}) => {
  const c = entityColumns(props.levelCount);
  return (
    <CardTable<EntityScorecard>
      title="Entities"
      label={`Entity scorecards of ${props.teamName}`}
      columns={[
        c.entity,
        c.owner,
        { ...c.level, defaultSort: 'asc' },
        c.milestone,
        ...extensionColumns(props.extensionMetrics),
        c.missing,
      ]}
      data={props.entities}
      options={{
        paging: props.entities.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
        search: props.entities.length > PAGE_SIZE,
      }}
    />
  );
};
