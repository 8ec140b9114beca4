import Typography from '@material-ui/core/Typography';
import { StatusLabel } from '../StatusLabel';

/** What a triage action did: a confirmation, or the backend's reason for refusing it. */
export type Outcome = { kind: 'done' | 'failed'; message: string };

/** A confirmation (`role=status`) or a failure (`role=alert`) of a triage action. */
export const ActionOutcome = (props: { outcome?: Outcome }) => {
  const { outcome } = props;
  if (!outcome) return null;
  const done = outcome.kind === 'done';
  return (
    <Typography
      variant="body2"
      component="div"
      role={done ? 'status' : 'alert'}
    >
      <StatusLabel kind={done ? 'ok' : 'error'}>{outcome.message}</StatusLabel>
    </Typography>
  );
};
