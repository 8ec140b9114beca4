import Grid from '@material-ui/core/Grid';
import { RunbooksSection } from './RunbooksSection';

/** The "Runbooks" tab of a component page. */
export const RunbooksEntityContent = () => (
  <Grid container spacing={3}>
    <Grid item xs={12}>
      <RunbooksSection />
    </Grid>
  </Grid>
);
