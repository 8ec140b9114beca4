import { Progress } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useEffect, useState } from 'react';
import { useHardeningData, useMilestonesSignal } from '../../hooks';
import { currentMilestone } from '../../utils/milestones';
import {
  sectionLoadOf,
  SectionLoadProvider,
  useSectionLoads,
} from '../AsyncContent';
import { BackendStatus } from '../BackendStatus';
import { GetStartedCard } from '../GetStarted';
import { MilestonesSection } from '../MilestonesSection';
import { StressLimits } from '../StressRunsSection';
import { VerdictSummary } from '../VerdictSummary';
import { EvidenceSections } from './EvidenceSections';
import { TabErrorPanel } from './TabErrorPanel';
import { tabView } from './tabView';

/**
 * The Hardening tab: the verdict line, the milestones with their freeze checklists, then
 * the evidence they are judged on, one section per kind. One progress bar until
 * everything has loaded; one error with Retry when the backend answers nothing; one
 * "Get started" card when the entity has no evidence at all; otherwise each section shows
 * its own state, so one failing request does not hide the others.
 */
export const HardeningTab = (props: { onRetry: () => void }) => {
  const { onRetry } = props;
  const milestones = useHardeningData((api, entityRef) =>
    api.listMilestones(entityRef),
  );
  useMilestonesSignal(milestones.retry);
  const evidence = useSectionLoads();
  const [settled, setSettled] = useState(false);
  const view = tabView({
    milestones: sectionLoadOf(milestones, list => list.items.length === 0),
    evidence: evidence.loads,
    settled,
  });
  useEffect(() => {
    if (view.kind !== 'loading') setSettled(true);
  }, [view.kind]);

  const items = milestones.value?.items ?? [];
  const current = currentMilestone(items);
  const limits: StressLimits | undefined = current && {
    p95Ms: current.milestone.thresholds.p95LimitMs,
    errorRate: current.milestone.thresholds.errorRateLimit,
    source: `milestone ${current.milestone.id}`,
  };
  const showSections = view.kind === 'shown' && view.evidence === 'sections';

  return (
    <Grid container spacing={3}>
      {view.kind === 'loading' && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {view.kind === 'down' && (
        <Grid item xs={12}>
          <TabErrorPanel
            title="Could not load the hardening evidence"
            error={milestones.error ?? evidence.error}
            onRetry={onRetry}
          />
        </Grid>
      )}
      {view.kind === 'shown' && items.length > 0 && (
        <Grid item xs={12}>
          <VerdictSummary items={items} />
        </Grid>
      )}
      {view.kind === 'shown' && view.milestones && (
        <Grid item xs={12}>
          <MilestonesSection state={milestones} reload={milestones.retry} />
        </Grid>
      )}
      {view.kind === 'shown' && view.evidence === 'error' && (
        <Grid item xs={12}>
          <TabErrorPanel
            title="Could not load the evidence"
            error={evidence.error}
            onRetry={onRetry}
          />
        </Grid>
      )}
      {view.kind === 'shown' && view.evidence === 'empty' && (
        <Grid item xs={12}>
          <GetStartedCard
            hasMilestones={items.length > 0}
            onMilestoneSaved={milestones.retry}
          />
        </Grid>
      )}
      {/* Mounted throughout, so that the sections load (and report) while hidden. */}
      <Grid item xs={12} hidden={!showSections}>
        <SectionLoadProvider report={evidence.report}>
          <EvidenceSections milestoneLimits={limits} milestones={items} />
        </SectionLoadProvider>
      </Grid>
      {view.kind === 'shown' && (
        <Grid item xs={12}>
          <BackendStatus />
        </Grid>
      )}
    </Grid>
  );
};
