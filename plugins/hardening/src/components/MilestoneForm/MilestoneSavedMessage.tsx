import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { FREEZE_STATE_LABELS } from '../FreezeBadge';
import { StatusLabel } from '../StatusLabel';

/** A milestone the form just stored, as the backend judged it then. */
export type SavedMilestone = { status: MilestoneStatus; created: boolean };

/** Says that the milestone was stored, and where it stands now. */
export const MilestoneSavedMessage = (props: { saved: SavedMilestone }) => {
  const { status, created } = props.saved;
  const { id } = status.milestone;
  return (
    <Typography
      variant="body2"
      component="div"
      role="status"
      aria-label={`Milestone ${id} saved`}
    >
      <StatusLabel kind="ok">
        {id} {created ? 'created' : 'updated'}:{' '}
        {FREEZE_STATE_LABELS[status.checklist.state]}. Its checklist is below.
      </StatusLabel>
    </Typography>
  );
};
