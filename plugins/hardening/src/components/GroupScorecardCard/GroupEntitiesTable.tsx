import { EntityScorecard } from '@hardening/backstage-plugin-hardening-common';
import { CardTable } from '../CardTable';
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
    <CardTable<EntityScorecard>
      title="Entities"
      label={`Entity scorecards of ${props.teamName}`}
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
      }}
    />
  );
};
