import { parseEntityRef } from '@backstage/catalog-model';
import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { ActionButton } from './ActionButton';
import { ActionOutcome } from './ActionOutcome';
import { DefectDialog } from './DefectDialog';
import { DefectLinkForm } from './DefectLinkForm';
import { useTriageAction } from './useTriageAction';

/**
 * "File defect": the defect rendered by the backend, ready to copy or to open in the
 * tracker, and, for people allowed to triage, the field that records the filed issue.
 */
export const DefectControl = (props: {
  item: TriageQueueItem;
  canManage: boolean;
  onChanged: (message: string) => void;
}) => {
  const { item, canManage, onChanged } = props;
  const { api, entityRef, label, busy, failure, run } = useTriageAction(
    item,
    onChanged,
  );
  const [open, setOpen] = useState(false);
  const draft = useAsync(
    async () =>
      open ? api.getDefectDraft(entityRef, item.failureId) : undefined,
    [open, api, item.entityRef, item.failureId],
  );

  const record = async (url: string) => {
    const recorded = await run(
      () => api.linkTriageDefect(entityRef, item.failureId, { url }),
      {
        done: `Defect of ${label} recorded: ${url}`,
        failed: `Recording the defect of ${label} refused`,
      },
    );
    if (recorded) setOpen(false);
  };

  return (
    <>
      <ActionButton
        aria-label={`File defect for ${label}`}
        onClick={() => setOpen(true)}
      >
        File defect
      </ActionButton>
      <DefectDialog
        label={label}
        open={open}
        draft={draft}
        onClose={() => setOpen(false)}
        recordForm={
          canManage ? (
            <>
              <DefectLinkForm item={item} busy={busy} onSubmit={record} />
              <ActionOutcome outcome={failure} />
            </>
          ) : (
            <Typography variant="body2">
              Someone allowed to triage {parseEntityRef(item.entityRef).name}{' '}
              records the issue here once it is filed.
            </Typography>
          )
        }
      />
    </>
  );
};
