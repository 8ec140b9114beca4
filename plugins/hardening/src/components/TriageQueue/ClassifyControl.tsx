import {
  TRIAGE_CLASS_LABELS,
  TriageClass,
  TriageQueueItem,
} from '@hardening/backstage-plugin-hardening-common';
import { useState } from 'react';
import { ActionButton } from './ActionButton';
import { ActionOutcome } from './ActionOutcome';
import { ClassifyDialog } from './ClassifyDialog';
import { useTriageAction } from './useTriageAction';

/** The "Classify" button of a failure, its dialog, and the backend's refusal if any. */
export const ClassifyControl = (props: {
  item: TriageQueueItem;
  onChanged: (message: string) => void;
}) => {
  const { item, onChanged } = props;
  const [open, setOpen] = useState(false);
  const { api, entityRef, label, busy, failure, run } = useTriageAction(
    item,
    onChanged,
  );

  const confirm = async (cls: TriageClass, note: string) => {
    await run(
      () =>
        api.classifyTriageFailure(entityRef, item.failureId, {
          class: cls,
          ...(note.trim() ? { note: note.trim() } : {}),
        }),
      {
        done: `${label} classified as ${TRIAGE_CLASS_LABELS[cls]}`,
        failed: `Classification of ${label} refused`,
      },
    );
    setOpen(false);
  };

  return (
    <>
      <ActionButton
        aria-label={`Classify ${label}`}
        onClick={() => setOpen(true)}
      >
        Classify
      </ActionButton>
      {open && (
        <ClassifyDialog
          item={item}
          open={open}
          busy={busy}
          onCancel={() => setOpen(false)}
          onConfirm={confirm}
        />
      )}
      <ActionOutcome outcome={failure} />
    </>
  );
};
