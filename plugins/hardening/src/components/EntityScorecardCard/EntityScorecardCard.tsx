import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useHardeningData } from '../../hooks';
import { HARDENING_TAB_PATH } from '../../utils/milestones';
import { ScorecardCard } from '../ScorecardParts';
import { EntityScorecardSummary } from './EntityScorecardSummary';

/**
 * The "Hardening scorecard" card of a component: the level it reached, what it misses
 * for the next one, the metrics its level is computed from, and a link to the page that
 * compares every entity.
 */
export const EntityScorecardCard = () => {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const state = useHardeningData((api, entityRef) =>
    api.getEntityScorecard(entityRef),
  );
  return (
    <ScorecardCard compareTitle="Compare with all entities" state={state}>
      {response => (
        <EntityScorecardSummary
          response={response}
          tabPath={`${entityLink(entity)}/${HARDENING_TAB_PATH}`}
        />
      )}
    </ScorecardCard>
  );
};
