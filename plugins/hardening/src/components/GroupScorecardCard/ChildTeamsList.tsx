import { GroupScorecardSummary } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { entityCount, formatMeanRank } from '../../utils/scorecards';
import { EntityCell } from '../ScorecardParts';

/** The child groups of a team with their own roll-ups. */
export const ChildTeamsList = (props: {
  teamName: string;
  childGroups: GroupScorecardSummary[];
  levelCount: number;
}) => (
  <>
    <Typography variant="h6" component="h3">
      Child teams
    </Typography>
    <ul aria-label={`Child teams of ${props.teamName}`}>
      {props.childGroups.map(child => (
        <li key={child.groupRef}>
          <EntityCell entityRef={child.groupRef} title={child.title} />
          <Typography variant="body2" component="span">
            {entityCount(child.entities)} · mean level{' '}
            {formatMeanRank(child.averages.rank, props.levelCount)}
          </Typography>
        </li>
      ))}
    </ul>
  </>
);
