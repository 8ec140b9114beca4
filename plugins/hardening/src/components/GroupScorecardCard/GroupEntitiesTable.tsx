import { Table } from '@backstage/core-components';
import { EntityScorecard } from '@hardening/backstage-plugin-hardening-common';
import { LabelledTable } from '../LabelledTable';
import { entityColumns } from '../ScorecardParts';

const PAGE_SIZE = 10;

/** A team's entities, lowest level first, with what each misses for the next level. */
export const GroupEntitiesTable = (props: {
  teamName: string;
  entities: EntityScorecard[];
  levelCount: number;
}) => {
  const c = entityColumns(props.levelCount);
  return (
    <LabelledTable label={`Entity scorecards of ${props.teamName}`}>
      <Table<EntityScorecard>
        title="Entities"
        columns={[
          c.entity,
          c.owner,
          { ...c.level, defaultSort: 'asc' },
          c.milestone,
          c.missing,
        ]}
        data={props.entities}
        options={{
          paging: props.entities.length > PAGE_SIZE,
          pageSize: PAGE_SIZE,
          search: props.entities.length > PAGE_SIZE,
          padding: 'dense',
        }}
      />
    </LabelledTable>
  );
};
