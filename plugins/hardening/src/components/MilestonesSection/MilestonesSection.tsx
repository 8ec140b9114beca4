import {
  MilestoneList,
  MilestoneStatus,
} from '@hardening/backstage-plugin-hardening-common';
import { useState } from 'react';
import { useCanManageMilestones } from '../../hooks';
import { newestFirst } from '../../utils/verdict';
import { AsyncContent, LoadState } from '../AsyncContent';
import {
  MilestoneFormButton,
  MilestoneSavedMessage,
  SavedMilestone,
} from '../MilestoneForm';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { MilestoneCard } from './MilestoneCard';

/**
 * The "Milestones" section: every milestone, newest first, with its freeze checklist, and
 * for the users allowed to manage them a "New milestone" button and an "Edit" button per
 * milestone. The list is loaded by the page (the stress section reads the thresholds
 * too); `reload` refreshes it after a freeze or a save.
 */
export const MilestonesSection = (props: {
  state: LoadState<MilestoneList>;
  reload: () => void;
}) => {
  const { state, reload } = props;
  const [saved, setSaved] = useState<SavedMilestone>();
  const onSaved = (status: MilestoneStatus, created: boolean) => {
    setSaved({ status, created });
    reload();
  };
  const existingIds = state.value?.items.map(item => item.milestone.id) ?? [];
  const canManage = useCanManageMilestones();
  return (
    <SectionCard
      id="milestones"
      title="Milestones"
      action={
        <MilestoneFormButton existingIds={existingIds} onSaved={onSaved} />
      }
    >
      {saved && <MilestoneSavedMessage saved={saved} />}
      <AsyncContent
        state={state}
        errorTitle="Could not load the milestones"
        isEmpty={list => list.items.length === 0}
        empty={
          <UploadHint
            title="No milestones defined"
            description={`A milestone (for example M1) names the thresholds its freeze is judged by. ${
              canManage
                ? 'Define one with New milestone above'
                : 'An owner of this component defines one in this tab'
            }, or with a PUT of its JSON (title, stage and thresholds.p95LimitMs at least); its checklist is then computed from the evidence below.`}
            example={{
              method: 'PUT',
              path: '/milestones/M1',
              contentType: 'application/json',
              file: 'milestone.json',
              tokenVariable: 'HARDENING_MANAGE_TOKEN',
            }}
          />
        }
      >
        {list => (
          <>
            {newestFirst(list.items).map(status => (
              <MilestoneCard
                key={status.milestone.id}
                status={status}
                onChanged={reload}
                onSaved={onSaved}
              />
            ))}
          </>
        )}
      </AsyncContent>
    </SectionCard>
  );
};
