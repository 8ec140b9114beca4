import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import { useState } from 'react';
import { hardeningApiRef } from '../../api';
import { serverMessage } from '../../utils/errors';
import { failureLabel } from '../../utils/triage';
import { Outcome } from './ActionOutcome';

/**
 * Runs one change of a failure at a time: `busy` while it runs, then `onDone(message)`
 * (the queue reloads and announces it) or a failure outcome with the backend's reason
 * (a 409 says which transition the lifecycle refused). Also gives the API, the failure's
 * entity (a team queue mixes entities) and the label that names the failure.
 */
export function useTriageAction(
  item: TriageQueueItem,
  onDone: (message: string) => void,
) {
  const api = useApi(hardeningApiRef);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Outcome>();
  const run = async (
    action: () => Promise<unknown>,
    messages: { done: string; failed: string },
  ): Promise<boolean> => {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      onDone(messages.done);
      return true;
    } catch (error) {
      setFailure({
        kind: 'failed',
        message: `${messages.failed}: ${serverMessage(error)}`,
      });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return {
    api,
    entityRef: parseEntityRef(item.entityRef),
    label: failureLabel(item),
    busy,
    failure,
    run,
  };
}
