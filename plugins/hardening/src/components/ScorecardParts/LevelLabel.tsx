import { ScorecardLevelRef } from '@hardening/backstage-plugin-hardening-common';
import { levelStatus, levelTitle } from '../../utils/scorecards';
import { StatusLabel } from '../StatusLabel';

/** An entity's level as an icon and its title (`No level` when it reached none). */
export const LevelLabel = (props: {
  level: ScorecardLevelRef | null;
  rank: number;
  levelCount: number;
}) => (
  <StatusLabel kind={levelStatus(props.rank, props.levelCount)}>
    {levelTitle(props.level)}
  </StatusLabel>
);
