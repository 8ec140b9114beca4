import {
  FreezeState,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { plural } from '../../utils/format';
import { checklistItemLabel } from '../../utils/milestones';
import { FREEZE_STATE_LABELS } from '../FreezeBadge';
import { StatusKind, StatusLabel } from '../StatusLabel';

/** Frozen is done, ready waits for someone to freeze it, blocked needs work, regressed broke. */
const STATUS_KINDS: Record<FreezeState, StatusKind> = {
  frozen: 'ok',
  ready: 'pending',
  blocked: 'warning',
  regressed: 'error',
};

/** What the failing items are called for each state that has them. */
const FAILING_PREFIXES: Partial<Record<FreezeState, string>> = {
  blocked: 'Blocked by',
  regressed: 'Regressed on',
};

function statusText(state: FreezeState, daysSinceFreeze: number | null) {
  const label = FREEZE_STATE_LABELS[state];
  if (state !== 'frozen' || daysSinceFreeze === null) return label;
  return daysSinceFreeze === 0
    ? `${label} today`
    : `${label} for ${plural(daysSinceFreeze, 'day')}`;
}

/**
 * An entity's current milestone and where it stands: its id, the freeze state as an icon
 * and text (`Frozen for 3 days`, `Ready to freeze`, `Blocked`, `Regressed`), and for
 * blocked and regressed milestones the checklist items at fault, as text under it.
 */
export const FreezeStateCell = (props: {
  metrics: Pick<
    ScorecardMetrics,
    'milestoneId' | 'freezeState' | 'daysSinceFreeze' | 'failingChecklistItems'
  >;
}) => {
  const { milestoneId, freezeState, daysSinceFreeze, failingChecklistItems } =
    props.metrics;
  if (freezeState === 'no-milestone') {
    return (
      <Typography variant="body2" color="textSecondary">
        No milestone
      </Typography>
    );
  }
  const prefix = FAILING_PREFIXES[freezeState];
  return (
    <>
      {milestoneId && (
        <Typography variant="body2" display="block">
          {milestoneId}
        </Typography>
      )}
      <StatusLabel kind={STATUS_KINDS[freezeState]}>
        {statusText(freezeState, daysSinceFreeze)}
      </StatusLabel>
      {prefix && failingChecklistItems.length > 0 && (
        <Typography variant="caption" color="textSecondary" display="block">
          {prefix}: {failingChecklistItems.map(checklistItemLabel).join(', ')}
        </Typography>
      )}
    </>
  );
};
