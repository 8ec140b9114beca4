import { useApi } from '@backstage/frontend-plugin-api';
import {
  StoredMilestone,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useState } from 'react';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef } from '../../hooks';
import { serverMessage } from '../../utils/errors';
import { StatusLabel } from '../StatusLabel';
import { MilestoneFields } from './MilestoneFields';
import {
  MilestoneFormErrors,
  MilestoneFormField,
  milestoneForm,
  newMilestoneForm,
  parseMilestoneForm,
} from './milestoneFormState';

/**
 * The milestone form in a dialog: a new milestone, or `milestone` to edit. The form is
 * checked with the schema the backend uses before anything is sent; the backend's
 * refusal (400, 403, 409) is shown in the dialog, which stays open. Mount it only while
 * open, so that each opening starts from the milestone as it is.
 */
export const MilestoneDialog = (props: {
  /** The milestone to edit; a new one when left out. */
  milestone?: StoredMilestone;
  /** The entity's milestone ids, which a new milestone may not take. */
  existingIds: readonly string[];
  onCancel: () => void;
  onSaved: (status: MilestoneStatus) => void;
}) => {
  const { milestone, existingIds, onCancel, onSaved } = props;
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  const [values, setValues] = useState(() =>
    milestone ? milestoneForm(milestone) : newMilestoneForm(),
  );
  const [errors, setErrors] = useState<MilestoneFormErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const title = milestone ? `Edit ${milestone.id}` : 'New milestone';
  const titleId = 'milestone-dialog-title';

  const change = (field: MilestoneFormField, value: string) => {
    setValues(current => ({ ...current, [field]: value }));
    setErrors(({ [field]: _fixed, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const result = parseMilestoneForm(values, milestone ? [] : existingIds);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const status = await api.upsertMilestone(
        entityRef,
        result.id,
        result.update,
      );
      onSaved(status);
    } catch (error) {
      setFailure(serverMessage(error));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onCancel}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The checklist is computed from the evidence against these limits.
            {milestone?.freeze
              ? ` ${milestone.id} is frozen: if the new limits turn a checklist item red, it is marked regressed and its owners are notified.`
              : ''}
          </DialogContentText>
          <MilestoneFields
            values={values}
            errors={errors}
            editing={milestone !== undefined}
            onChange={change}
          />
          {(failure || errors.form) && (
            <Typography role="alert" variant="body2" component="div">
              <StatusLabel kind="error">
                Could not save the milestone: {failure ?? errors.form}
              </StatusLabel>
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            disabled={busy}
            color="primary"
            variant="contained"
          >
            {busy
              ? 'Saving…'
              : `Save ${milestone ? milestone.id : 'milestone'}`}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
