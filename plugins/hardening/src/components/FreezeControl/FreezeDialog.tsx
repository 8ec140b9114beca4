import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';

/** Asks before freezing: what will be recorded, and that the backend may refuse. */
export const FreezeDialog = (props: {
  open: boolean;
  milestoneId: string;
  tag: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) => {
  const { open, milestoneId, tag, busy, onCancel, onConfirm } = props;
  const titleId = `freeze-dialog-title-${milestoneId}`;
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Freeze {milestoneId}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Freezing records the tag <code>{tag}</code>, the time, your user and
          the digests and CI runs of the evidence the checklist relied on, and
          appends a <code>freeze</code> entry to the release audit chain. It
          cannot be undone. The backend refuses the freeze, and says why, when
          any checklist item is not green.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={onConfirm}
          disabled={busy}
          color="primary"
          variant="contained"
        >
          {busy ? 'Freezing…' : `Confirm freeze of ${milestoneId}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
