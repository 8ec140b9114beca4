import { EmptyState } from '@backstage/core-components';
import { TriageQueueResponse } from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useEntityCompoundRef, useHardeningData } from '../../hooks';
import { plural } from '../../utils/format';
import {
  countEscalated,
  matchesTriageFilters,
} from '../../utils/triageFilters';
import { ActionButton } from './ActionButton';
import { ActionOutcome } from './ActionOutcome';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { TriageFilterBar, useTriageFilters } from './TriageFilters';
import { TriageTable } from './TriageTable';
import { TriageClock, TriageTime } from './TriageTime';

/**
 * Who a failure goes to, said once for the whole queue (each row names its owner).
 */
export const ROUTING_SENTENCE =
  'Each failure goes to the group the triage routing names for its class (the class people gave it, else the suggested one); a failure with no class, or with a class that has no route, goes to the owner of its entity.';

const Summary = (props: { queue: TriageQueueResponse }) => {
  const { queue } = props;
  return (
    // One inline box: the card's subheader lays out its children as flex items, which
    // would drop the spaces between the text and the time.
    <span>
      {plural(queue.items.length, 'failure')} needing work,{' '}
      {countEscalated(queue.items)} escalated · open failures escalate after{' '}
      {queue.escalateAfterHours} h · checked{' '}
      <TriageTime iso={queue.evaluatedAt} />
    </span>
  );
};

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

const NoMatch = (props: { total: number; onClear: () => void }) => (
  <Box role="status" display="flex" alignItems="baseline" gridGap={16}>
    <Typography variant="body1">
      No failure matches these filters (
      {props.total === 1 ? '1 failure needs' : `${props.total} failures need`}{' '}
      work).
    </Typography>
    <ActionButton onClick={props.onClear}>Show all failures</ActionButton>
  </Box>
);

/**
 * The "Triage queue" section: the failures still needing work as a compact table, one
 * row per failure that expands to its details, grouped by the taxonomy prefix of their
 * scenario, most recently seen first; filtered by class, status and escalation (kept in
 * the URL). On a group's page it is the queue of every entity the team owns.
 */
export const TriageQueueSection = (props: {
  /** For tests: the clock relative times are computed against. */
  now?: number;
}) => {
  const { entityRef, entityRefString } = useEntityCompoundRef();
  const team = entityRef.kind.toLocaleLowerCase('en-US') === 'group';
  const state = useHardeningData((api, ref) =>
    team ? api.getTeamTriageQueue(ref) : api.getTriageQueue(ref),
  );
  const { filters, setFilter, clear } = useTriageFilters();
  const [announcement, setAnnouncement] = useState<string>();
  const changed = (message: string) => {
    setAnnouncement(message);
    state.retry();
  };
  return (
    <TriageClock value={props.now}>
      <SectionCard
        id="triage-queue"
        title="Triage queue"
        subheader={state.value && <Summary queue={state.value} />}
      >
        <ActionOutcome
          outcome={
            announcement ? { kind: 'done', message: announcement } : undefined
          }
        />
        <AsyncContent
          state={state}
          errorTitle="Could not load the triage queue"
          onRetry={state.retry}
          isEmpty={queue => queue.items.length === 0}
          empty={
            <EmptyQueue
              team={team}
              entities={state.value?.entityRefs.length ?? 0}
            />
          }
        >
          {queue => {
            const shown = queue.items.filter(item =>
              matchesTriageFilters(item, filters),
            );
            return (
              <>
                <TriageFilterBar filters={filters} onChange={setFilter} />
                <Typography variant="body2" color="textSecondary" paragraph>
                  {ROUTING_SENTENCE}
                </Typography>
                {shown.length === 0 ? (
                  <NoMatch total={queue.items.length} onClear={clear} />
                ) : (
                  <TriageTable
                    items={shown}
                    showEntity={item => item.entityRef !== entityRefString}
                    onChanged={changed}
                  />
                )}
              </>
            );
          }}
        </AsyncContent>
      </SectionCard>
    </TriageClock>
  );
};
