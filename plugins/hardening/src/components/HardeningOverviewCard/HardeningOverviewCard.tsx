import { InfoCard, Link } from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHardeningData, useMilestonesSignal } from '../../hooks';
import { formatTime } from '../../utils/format';
import {
  currentMilestone,
  HARDENING_TAB_PATH,
  STAGE_LABELS,
} from '../../utils/milestones';
import { AsyncContent } from '../AsyncContent';
import { FreezeBadge } from '../FreezeBadge';
import { MilestoneChecklist } from '../MilestoneChecklist';
import { RequiredGatesNote } from '../RequiredGates';
import { StatusLabel } from '../StatusLabel';

/**
 * The entity overview card: the current milestone (the newest not frozen, else the one
 * frozen last), its freeze badge, the checklist items that fail and why, and a link to
 * the Hardening tab. Other milestones that regressed after their freeze are named too.
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
          const { milestone, checklist } = current;
          const failing = checklist.items.filter(item => !item.passed);
          const otherRegressed = list.items.filter(
            item => item !== current && item.checklist.state === 'regressed',
          );
          return (
            <>
              <Box
                display="flex"
                alignItems="center"
                flexWrap="wrap"
                gridGap={12}
              >
                <Typography variant="h6" component="h3">
                  {milestone.id} · {milestone.title}
                </Typography>
                <FreezeBadge
                  state={checklist.state}
                  milestoneId={milestone.id}
                />
              </Box>
              <Typography variant="body2" color="textSecondary">
                {STAGE_LABELS[milestone.stage]}
                {milestone.freeze
                  ? ` · frozen as ${milestone.freeze.tag} on ${formatTime(
                      milestone.freeze.frozenAt,
                    )}`
                  : ''}
                {` · checked ${formatTime(checklist.evaluatedAt)}`}
              </Typography>
              <RequiredGatesNote required={checklist.requiredGates} />
              {failing.length > 0 ? (
                <MilestoneChecklist
                  milestoneId={milestone.id}
                  items={checklist.items}
                  onlyFailing
                  evidenceBasePath={tabPath}
                />
              ) : (
                <Typography variant="body2">
                  <StatusLabel kind="ok">
                    Every checklist item passes.
                  </StatusLabel>
                </Typography>
              )}
              {otherRegressed.map(item => (
                <Typography variant="body2" key={item.milestone.id}>
                  <StatusLabel kind="error">
                    {item.milestone.id} regressed after its freeze.
                  </StatusLabel>
                </Typography>
              ))}
            </>
          );
        }}
      </AsyncContent>
    </InfoCard>
  );
};
