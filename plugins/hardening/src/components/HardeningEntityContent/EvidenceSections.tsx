import Grid from '@material-ui/core/Grid';
import { AuditChainSection } from '../AuditChainSection';
import { CiGatesSection } from '../CiGatesSection';
import { ContractSection } from '../ContractSection';
import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import { StressLimits, StressRunsSection } from '../StressRunsSection';
import { TestReportsSection } from '../TestReportsSection';
import { ValidationSection } from '../ValidationSection';

/** The evidence sections of the Hardening tab, one per kind, each loading on its own. */
export const EvidenceSections = (props: {
  milestoneLimits?: StressLimits;
  milestones?: MilestoneStatus[];
}) => (
  <Grid container spacing={3}>
    <Grid item xs={12}>
      <TestReportsSection />
    </Grid>
    <Grid item xs={12} lg={6}>
      <CiGatesSection milestones={props.milestones} />
    </Grid>
    <Grid item xs={12} lg={6}>
      <ValidationSection />
    </Grid>
    <Grid item xs={12}>
      <ContractSection milestones={props.milestones} />
    </Grid>
    <Grid item xs={12}>
      <StressRunsSection
        milestoneLimits={props.milestoneLimits}
        milestones={props.milestones}
      />
    </Grid>
    <Grid item xs={12}>
      <AuditChainSection />
    </Grid>
  </Grid>
);
