import {
  MilestoneStatus,
  StoredMilestone,
} from '@hardening/backstage-plugin-hardening-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { useCanManageMilestones } from '../../hooks';
import { MilestoneDialog } from './MilestoneDialog';

/**
 * "New milestone", or "Edit" on `milestone`, shown only to users allowed
 * `hardening.milestone.manage` on the entity; opens the milestone form.
 */
export const MilestoneFormButton = (props: {
  /** The milestone to edit; a new one when left out. */
  milestone?: StoredMilestone;
  /** The entity's milestone ids, which a new milestone may not take. */
  existingIds?: readonly string[];
  /** After the backend stored it: `created` unless an existing one was edited. */
  onSaved: (status: MilestoneStatus, created: boolean) => void;
}) => {
  const { milestone, existingIds = [], onSaved } = props;
  const allowed = useCanManageMilestones();
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button
        variant="outlined"
        color="primary"
        aria-label={milestone ? `Edit ${milestone.id}` : undefined}
        onClick={() => setOpen(true)}
      >
        {milestone ? 'Edit' : 'New milestone'}
      </Button>
      {open && (
        <MilestoneDialog
          milestone={milestone}
          existingIds={existingIds}
          onCancel={() => setOpen(false)}
          onSaved={status => {
            setOpen(false);
            onSaved(status, milestone === undefined);
          }}
        />
      )}
    </>
  );
};
