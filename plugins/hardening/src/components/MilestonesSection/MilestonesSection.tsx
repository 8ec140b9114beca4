import { MilestoneList } from '@hardening/backstage-plugin-hardening-common';
import { AsyncContent, LoadState } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { MilestoneCard } from './MilestoneCard';

/**
 * The "Milestones" section: every milestone with its freeze checklist. The list is
 * loaded by the page (the stress section reads the thresholds too); `reload` refreshes it
 * after a freeze.
 */
export const MilestonesSection = (props: {
  state: LoadState<MilestoneList>;
  reload: () => void;
}) => (
  <SectionCard id="milestones" title="Milestones">
    <AsyncContent
      state={props.state}
      errorTitle="Could not load the milestones"
      isEmpty={list => list.items.length === 0}
      empty={
        <UploadHint
          title="No milestones defined"
          description="A milestone (for example M1) names the thresholds its freeze is judged by. An owner of this component defines it with a PUT of its JSON (title, stage and thresholds.p95LimitMs at least); its checklist is then computed from the evidence below."
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
          {list.items.map(status => (
            <MilestoneCard
              key={status.milestone.id}
              status={status}
              onChanged={props.reload}
            />
          ))}
        </>
      )}
    </AsyncContent>
  </SectionCard>
);
