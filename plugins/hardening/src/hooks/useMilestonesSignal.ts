import { useSignal } from '@backstage/plugin-signals-react';
import {
  HARDENING_MILESTONES_SIGNAL_CHANNEL,
  MilestonesSignal,
} from '@hardening/backstage-plugin-hardening-common';
import { useEffect } from 'react';
import { useEntityCompoundRef } from './useEntityCompoundRef';

/**
 * Calls `onChange` whenever the backend signals on
 * {@link HARDENING_MILESTONES_SIGNAL_CHANNEL} that the current entity's milestones
 * changed (a freeze, or a regression after new evidence), so that an open page shows it
 * without a reload. Does nothing in apps without the signals plugin.
 */
export function useMilestonesSignal(onChange: () => void) {
  const { entityRefString } = useEntityCompoundRef();
  const { lastSignal } = useSignal<MilestonesSignal>(
    HARDENING_MILESTONES_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal?.entityRef === entityRefString) onChange();
    // Only a new signal triggers a reload, not a new onChange function.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignal, entityRefString]);
}
