import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect } from 'react';
import { useEntityCompoundRef } from './useEntityCompoundRef';

/**
 * The channel on which the Hardening backend announces that an entity's milestones
 * changed (a freeze, or a regression after new evidence). Its message names the entity.
 */
const MILESTONES_SIGNAL_CHANNEL = 'hardening:milestones';

/**
 * Calls `onChange` whenever the backend signals that the current entity's milestones
 * changed, so that an open page shows a freeze or a regression without a reload. Does
 * nothing in apps without the signals plugin.
 */
export function useMilestonesSignal(onChange: () => void) {
  const { entityRefString } = useEntityCompoundRef();
  const { lastSignal } = useSignal<{ entityRef: string }>(
    MILESTONES_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal?.entityRef === entityRefString) onChange();
    // Only a new signal triggers a reload, not a new onChange function.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignal, entityRefString]);
}
