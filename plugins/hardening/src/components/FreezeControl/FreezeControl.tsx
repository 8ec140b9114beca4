import { useApi } from '@backstage/frontend-plugin-api';
import {
  milestoneTagName,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { hardeningApiRef } from '../../api';
import { useCanManageMilestones, useEntityCompoundRef } from '../../hooks';
import { FreezeDialog } from './FreezeDialog';
import { FreezeOutcomeMessage } from './FreezeOutcomeMessage';
import { FreezeOutcome, outcomeOfError } from './freezeOutcome';

const useStyles = makeStyles({
  // Read by screen readers as the disabled button's description, not shown.
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  // A disabled button fires no mouse events: the tooltip listens on this wrapper.
  wrapper: { display: 'inline-block' },
});

/** Why a milestone cannot be frozen yet, naming the failing checks; undefined when it can. */
export function freezeBlockers(status: MilestoneStatus): string | undefined {
  const failing = status.checklist.items.filter(item => !item.passed);
  if (failing.length === 0) return undefined;
  return `${
    status.milestone.id
  } can be frozen once every check passes. Failing: ${failing
    .map(item => item.label)
    .join(', ')}.`;
}

/**
 * The Freeze button of a milestone, shown only to users allowed
 * `hardening.milestone.manage` on the entity and only while the milestone is not frozen,
 * and disabled while any check fails (a tooltip, and the button's description for screen
 * readers, name the failing checks); a confirmation dialog; and the outcome: the recorded
 * tag and audit chain hash, or the backend's reason for refusing (it checks again, on the
 * evidence it has when asked).
 */
export const FreezeControl = (props: {
  status: MilestoneStatus;
  /** Called after every attempt, so that the milestones are reloaded. */
  onAttempted: () => void;
}) => {
  const { milestone, checklist } = props.status;
  const classes = useStyles();
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
  const blockers = freezeBlockers(props.status);
  const blockersId = `freeze-blockers-${milestone.id}`;
  const button = (
    <Button
      variant="outlined"
      color="primary"
      aria-label={`Freeze ${milestone.id}`}
      disabled={Boolean(blockers)}
      aria-describedby={blockers ? blockersId : undefined}
      onClick={() => {
        setOutcome(undefined);
        setOpen(true);
      }}
    >
      Freeze
    </Button>
  );
  return (
    <>
      {showButton && !blockers && button}
      {showButton && blockers && (
        <>
          <Tooltip title={blockers}>
            <span className={classes.wrapper}>{button}</span>
          </Tooltip>
          <span id={blockersId} className={classes.hidden}>
            {blockers}
          </span>
        </>
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
