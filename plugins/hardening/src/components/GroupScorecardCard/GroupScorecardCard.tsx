import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import { scorecardsRouteRef } from '../../routes';
import { ScorecardCard } from '../ScorecardParts';
import { GroupScorecardSummary } from './GroupScorecardSummary';

/** How far back the card's trend line goes. */
export const GROUP_TREND_WEEKS = 4;

/**
 * The "Hardening scorecard" card of a group: the levels its entities reached (its own
 * and its child groups'), their averages, each entity with what it misses for the next
 * level, and a link to the page that ranks every team.
 */
export const GroupScorecardCard = () => {
  const { entity } = useEntity();
  const orgPage = useRouteRef(scorecardsRouteRef);
  const state = useHardeningData((api, group) =>
    api.getGroupScorecard(group, { weeks: GROUP_TREND_WEEKS }),
  );
  const groupRef = `group:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`;
  return (
    <ScorecardCard
      compareTitle="Compare with all teams"
      state={state}
      isEmpty={response => response.group.entities === 0}
      empty={
        <Typography variant="body2">
          No catalog entity is owned by this team or its child teams. Set{' '}
          <code>spec.owner: {groupRef}</code> in the{' '}
          <code>catalog-info.yaml</code> of the components it runs; their levels
          are computed from the evidence they upload.
          {orgPage && (
            <>
              {' '}
              Other teams are on the <Link to={orgPage()}>scorecards page</Link>
              .
            </>
          )}
        </Typography>
      }
    >
      {response => <GroupScorecardSummary response={response} />}
    </ScorecardCard>
  );
};
