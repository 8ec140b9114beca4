import {
  TRIAGE_CLASSES,
  TRIAGE_CLASS_LABELS,
  TriageClass,
  TriageQueueItem,
} from '@hardening/backstage-plugin-hardening-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { failureLabel, suggestionText } from '../../utils/triage';

/**
 * Asks for the class (the current one, else the suggested one, preselected) and an
 * optional note, then calls `onConfirm`.
 */
export const ClassifyDialog = (props: {
  item: TriageQueueItem;
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (cls: TriageClass, note: string) => void;
}) => {
  const { item, open, busy, onCancel, onConfirm } = props;
  const label = failureLabel(item);
  const [cls, setCls] = useState<TriageClass | ''>(
    item.state.class ?? item.suggestion?.class ?? '',
  );
  const [note, setNote] = useState('');
  const titleId = `classify-dialog-title-${item.failureId}`;
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Classify {label}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {item.suggestion
            ? `Suggested: ${suggestionText(item.suggestion)}.`
            : 'No rule or history fact suggests a class for this failure.'}{' '}
          The class decides who the failure is routed to; the change is recorded
          in its history and audited.
        </DialogContentText>
        <FormControl component="fieldset">
          <FormLabel component="legend">Class</FormLabel>
          <RadioGroup
            value={cls}
            onChange={event => setCls(event.target.value as TriageClass)}
          >
            {TRIAGE_CLASSES.map(value => (
              <FormControlLabel
                key={value}
                value={value}
                control={<Radio />}
                label={`${TRIAGE_CLASS_LABELS[value]}${
                  item.suggestion?.class === value ? ' (suggested)' : ''
                }`}
              />
            ))}
          </RadioGroup>
        </FormControl>
        <TextField
          id={`classify-note-${item.failureId}`}
          label="Note (optional)"
          value={note}
          onChange={event => setNote(event.target.value)}
          multiline
          fullWidth
          margin="normal"
          inputProps={{ maxLength: 2000 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={() => cls && onConfirm(cls, note)}
          disabled={busy || !cls}
          color="primary"
          variant="contained"
        >
          {busy ? 'Saving…' : `Save classification of ${label}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
