import { GroupScorecardResponse } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { RelativeTime } from '../Words';
import { entityCount, formatMeanRank, refName } from '../../utils/scorecards';
import { LevelDistribution, ScorecardAverages } from '../ScorecardParts';
import { ChildTeamsList } from './ChildTeamsList';
import { GroupEntitiesTable } from './GroupEntitiesTable';

/** `Mean level 1.5 of 3 on 2026-11-01, 1.8 of 3 on 2026-11-28.`, from the snapshots. */
function trendSentence(
  response: GroupScorecardResponse,
  levelCount: number,
): string {
  const { trend } = response;
  if (trend.length < 2) {
    return 'No trend yet: the daily snapshots have not covered two days.';
  }
  const first = trend[0];
  const last = trend[trend.length - 1];
  return `Mean level ${formatMeanRank(first.averageRank, levelCount)} on ${
    first.day
  }, ${formatMeanRank(last.averageRank, levelCount)} on ${last.day}.`;
}

/** The body of the group card once its scorecard is loaded. */
export const GroupScorecardSummary = (props: {
  response: GroupScorecardResponse;
}) => {
  const { group, childGroups, entities, levels, computedAt } = props.response;
  const name = group.title ?? refName(group.groupRef);
  const throughChildren = group.entities - group.directEntities;
  return (
    <>
      <Typography variant="body2">
        {entityCount(group.entities)}: {group.directEntities} owned by {name}
        {throughChildren > 0 && `, ${throughChildren} by its child teams`}.
        Computed <RelativeTime iso={computedAt} />.
      </Typography>
      <LevelDistribution
        levels={levels}
        counts={group.levels}
        label={`Level distribution of ${name}`}
      />
      <Typography variant="body2" color="textSecondary">
        {trendSentence(props.response, levels.length)}
      </Typography>
      <ScorecardAverages
        averages={group.averages}
        levelCount={levels.length}
        label={`Averages of ${name}`}
      />
      {childGroups.length > 0 && (
        <ChildTeamsList
          teamName={name}
          childGroups={childGroups}
          levelCount={levels.length}
        />
      )}
      <GroupEntitiesTable
        teamName={name}
        entities={entities}
        levelCount={levels.length}
        extensionMetrics={props.response.extensionMetrics}
      />
    </>
  );
};
