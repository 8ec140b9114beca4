import Grid from '@material-ui/core/Grid';
import { TriageQueueSection } from './TriageQueueSection';

/** The "Triage" tab of a component or group page: its triage queue. */
export const TriageEntityContent = () => (
  <Grid container spacing={3}>
    <Grid item xs={12}>
      <TriageQueueSection />
    </Grid>
  </Grid>
);
