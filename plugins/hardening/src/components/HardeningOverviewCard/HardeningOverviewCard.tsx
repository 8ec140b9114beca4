import { InfoCard, Link } from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useHardeningData, useMilestonesSignal } from '../../hooks';
import { currentMilestone, HARDENING_TAB_PATH } from '../../utils/milestones';
import { newestFirst } from '../../utils/verdict';
import { AsyncContent } from '../AsyncContent';
import { RetryHint } from '../ScorecardParts/RetryHint';
import { VerdictSummary } from '../VerdictSummary';
import { MilestoneOverview } from './MilestoneOverview';

/**
 * The entity overview card: the verdict line, then the current milestone (the newest not
 * frozen, else the one frozen last) with its freeze badge and the checklist items that
 * fail and why, and every other milestone that regressed after its freeze, shown the
 * same way; a link to the Hardening tab.
 */
export const HardeningOverviewCard = () => {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const tabPath = `${entityLink(entity)}/${HARDENING_TAB_PATH}`;
  const state = useHardeningData((api, entityRef) =>
    api.listMilestones(entityRef),
  );
  useMilestonesSignal(state.retry);
  return (
    <InfoCard
      title="Milestone freeze"
      deepLink={{ title: 'View hardening evidence', link: tabPath }}
    >
      <AsyncContent
        state={state}
        errorTitle="Could not load the milestones"
        isEmpty={list => list.items.length === 0}
        empty={
          <Typography variant="body2">
            No milestones are defined for this component yet. The{' '}
            <Link to={tabPath}>Hardening tab</Link> shows its evidence and how
            to define one.
          </Typography>
        }
      >
        {list => {
          const current = currentMilestone(list.items)!;
          const regressed = newestFirst(list.items).filter(
            item => item !== current && item.checklist.state === 'regressed',
          );
          return (
            <>
              <VerdictSummary items={list.items} tabPath={tabPath} />
              {[current, ...regressed].map(status => (
                <MilestoneOverview
                  key={status.milestone.id}
                  status={status}
                  tabPath={tabPath}
                />
              ))}
            </>
          );
        }}
      </AsyncContent>
      {state.error && <RetryHint onRetry={state.retry} />}
    </InfoCard>
  );
};
