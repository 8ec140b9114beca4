import Grid from '@material-ui/core/Grid';
import { useHardeningData, useMilestonesSignal } from '../../hooks';
import { currentMilestone } from '../../utils/milestones';
import { AuditChainSection } from '../AuditChainSection';
import { BackendStatus } from '../BackendStatus';
import { CiGatesSection } from '../CiGatesSection';
import { ContractSection } from '../ContractSection';
import { MilestonesSection } from '../MilestonesSection';
import { StressLimits, StressRunsSection } from '../StressRunsSection';
import { TestReportsSection } from '../TestReportsSection';
import { ValidationSection } from '../ValidationSection';

/**
 * The "Hardening" tab of an entity page: milestones with their freeze checklists, then
 * the evidence they are judged on, one section per kind. Each section loads on its own,
 * so one failing request does not hide the others.
 */
export const HardeningEntityContent = () => {
  const milestones = useHardeningData((api, entityRef) =>
    api.listMilestones(entityRef),
  );
  useMilestonesSignal(milestones.retry);
  const current = milestones.value
    ? currentMilestone(milestones.value.items)
    : undefined;
  const limits: StressLimits | undefined = current && {
    p95Ms: current.milestone.thresholds.p95LimitMs,
    errorRate: current.milestone.thresholds.errorRateLimit,
    source: `milestone ${current.milestone.id}`,
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <MilestonesSection state={milestones} reload={milestones.retry} />
      </Grid>
      <Grid item xs={12}>
        <TestReportsSection />
      </Grid>
      <Grid item xs={12} lg={6}>
        <CiGatesSection milestones={milestones.value?.items} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <ValidationSection />
      </Grid>
      <Grid item xs={12}>
        <ContractSection milestones={milestones.value?.items} />
      </Grid>
      <Grid item xs={12}>
        <StressRunsSection
          milestoneLimits={limits}
          milestones={milestones.value?.items}
        />
      </Grid>
      <Grid item xs={12}>
        <AuditChainSection />
      </Grid>
      <Grid item xs={12}>
        <BackendStatus />
      </Grid>
    </Grid>
  );
};
