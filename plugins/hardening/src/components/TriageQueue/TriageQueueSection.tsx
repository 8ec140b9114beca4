import { EmptyState } from '@backstage/core-components';
import { TriageQueueResponse } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useEntityCompoundRef, useHardeningData } from '../../hooks';
import { formatTime, plural } from '../../utils/format';
import { groupByScenarioPrefix } from '../../utils/triage';
import { ActionOutcome } from './ActionOutcome';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { TriageItem } from './TriageItem';

function summary(queue: TriageQueueResponse): string {
  const escalated = queue.items.filter(
    item =>
      item.escalation.unclassifiedTooLong ||
      item.escalation.spansScenarioClasses,
  ).length;
  return `${plural(
    queue.items.length,
    'failure',
  )} needing work, ${escalated} escalated · open failures escalate after ${
    queue.escalateAfterHours
  } h · as of ${formatTime(queue.evaluatedAt)}`;
}

const EmptyQueue = (props: { team: boolean; entities: number }) =>
  props.team ? (
    <EmptyState
      missing="data"
      title="No failures to triage"
      description={`None of the ${plural(
        props.entities,
        'entity',
      )} this team owns (and you may read) has a failure that is open, classified or waiting for its fix.`}
    />
  ) : (
    <UploadHint
      title="No failures to triage"
      description="Nothing is open, classified or waiting for its fix. Failures come from the triage reports of integration runs: each failure names its scenarioId and invariantId. Upload one from CI:"
      example={{
        method: 'POST',
        path: '/triage-reports',
        contentType: 'application/json',
        file: 'triage-report.json',
      }}
    />
  );

/**
 * The "Triage queue" section: the failures still needing work, grouped by the taxonomy
 * prefix of their scenario, most recently seen first. On a group's page it is the
 * queue of every entity the team owns.
 */
export const TriageQueueSection = () => {
  const { entityRef, entityRefString } = useEntityCompoundRef();
  const team = entityRef.kind.toLocaleLowerCase('en-US') === 'group';
  const state = useHardeningData((api, ref) =>
    team ? api.getTeamTriageQueue(ref) : api.getTriageQueue(ref),
  );
  const [announcement, setAnnouncement] = useState<string>();
  const changed = (message: string) => {
    setAnnouncement(message);
    state.retry();
  };
  return (
    <SectionCard
      id="triage-queue"
      title="Triage queue"
      subheader={state.value && summary(state.value)}
    >
      <ActionOutcome
        outcome={
          announcement ? { kind: 'done', message: announcement } : undefined
        }
      />
      <AsyncContent
        state={state}
        errorTitle="Could not load the triage queue"
        isEmpty={queue => queue.items.length === 0}
        empty={
          <EmptyQueue
            team={team}
            entities={state.value?.entityRefs.length ?? 0}
          />
        }
      >
        {queue =>
          groupByScenarioPrefix(queue.items).map(group => (
            <section
              key={group.prefix}
              aria-labelledby={`triage-group-${group.prefix || 'none'}`}
            >
              <Typography
                id={`triage-group-${group.prefix || 'none'}`}
                variant="subtitle1"
                component="h3"
              >
                {group.title} ({group.items.length})
              </Typography>
              {group.items.map(item => (
                <TriageItem
                  key={item.fingerprint + item.entityRef}
                  item={item}
                  showEntity={item.entityRef !== entityRefString}
                  onChanged={changed}
                />
              ))}
            </section>
          ))
        }
      </AsyncContent>
    </SectionCard>
  );
};
