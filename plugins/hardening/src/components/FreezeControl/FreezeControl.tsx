import { useApi } from '@backstage/frontend-plugin-api';
import {
  milestoneTagName,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { hardeningApiRef } from '../../api';
import { useCanManageMilestones, useEntityCompoundRef } from '../../hooks';
import { FreezeDialog } from './FreezeDialog';
import { FreezeOutcomeMessage } from './FreezeOutcomeMessage';
import { FreezeOutcome, outcomeOfError } from './freezeOutcome';

/**
 * The Freeze button of a milestone, shown only to users allowed
 * `hardening.milestone.manage` on the entity and only while the milestone is not frozen;
 * a confirmation dialog; and the outcome: the recorded tag and audit chain hash, or the
 * backend's reason for refusing.
 */
export const FreezeControl = (props: {
  status: MilestoneStatus;
  /** Called after every attempt, so that the milestones are reloaded. */
  onAttempted: () => void;
}) => {
  const { milestone, checklist } = props.status;
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  const allowed = useCanManageMilestones();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<FreezeOutcome>();

  const confirm = async () => {
    setBusy(true);
    try {
      const response = await api.freezeMilestone(entityRef, milestone.id);
      setOutcome({ kind: 'frozen', response });
    } catch (error) {
      setOutcome(outcomeOfError(error));
    } finally {
      setBusy(false);
      setOpen(false);
    }
    // Frozen or refused, the checklist may have changed: show it as it is now.
    props.onAttempted();
  };

  const showButton = allowed && checklist.state !== 'frozen';
  return (
    <>
      {showButton && (
        <Button
          variant="outlined"
          color="primary"
          aria-label={`Freeze ${milestone.id}`}
          onClick={() => {
            setOutcome(undefined);
            setOpen(true);
          }}
        >
          Freeze
        </Button>
      )}
      <FreezeDialog
        open={open}
        milestoneId={milestone.id}
        tag={milestoneTagName(milestone)}
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={confirm}
      />
      {outcome && (
        <FreezeOutcomeMessage milestoneId={milestone.id} outcome={outcome} />
      )}
    </>
  );
};
