import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

/** Under a failed load: what to check, and a button that loads again. */
export const RetryHint = (props: { onRetry: () => void }) => (
  <Box display="flex" alignItems="center" gridGap={16} mt={1}>
    <Typography variant="body2">
      Check that the Hardening backend is running and that you are signed in,
      then try again.
    </Typography>
    <Button variant="outlined" onClick={props.onRetry}>
      Retry
    </Button>
  </Box>
);
