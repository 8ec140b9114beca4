import {
  TRIAGE_STATUS_TRANSITIONS,
  TriageQueueItem,
  TriageStatusRequest,
} from '@hardening/backstage-plugin-hardening-common';
import { ActionButton } from './ActionButton';
import { ActionOutcome } from './ActionOutcome';
import { useTriageAction } from './useTriageAction';

type Target = TriageStatusRequest['to'];

const ACTIONS: Record<Target, { text: string; name: string; done: string }> = {
  fixed: { text: 'Mark fixed', name: 'Mark {} fixed', done: '{} marked fixed' },
  'wont-fix': {
    text: "Won't fix",
    name: "Mark {} won't fix",
    done: "{} closed as won't fix",
  },
  open: { text: 'Reopen', name: 'Reopen {}', done: '{} reopened' },
};

/**
 * Buttons for the status changes the lifecycle allows from the failure's status
 * (close as fixed or won't fix, reopen); classifying and recording a defect have their
 * own controls.
 */
export const StatusControl = (props: {
  item: TriageQueueItem;
  onChanged: (message: string) => void;
}) => {
  const { item, onChanged } = props;
  const { api, entityRef, label, busy, failure, run } = useTriageAction(
    item,
    onChanged,
  );
  const targets = (Object.keys(ACTIONS) as Target[]).filter(to =>
    TRIAGE_STATUS_TRANSITIONS[item.state.status].includes(to),
  );
  return (
    <>
      {targets.map(to => (
        <ActionButton
          key={to}
          disabled={busy}
          aria-label={ACTIONS[to].name.replace('{}', label)}
          onClick={() =>
            run(
              () => api.changeTriageStatus(entityRef, item.failureId, { to }),
              {
                done: ACTIONS[to].done.replace('{}', label),
                failed: `Status change of ${label} refused`,
              },
            )
          }
        >
          {ACTIONS[to].text}
        </ActionButton>
      ))}
      <ActionOutcome outcome={failure} />
    </>
  );
};
