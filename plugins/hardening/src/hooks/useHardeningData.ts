import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { HardeningApi, hardeningApiRef } from '../api';
import { useEntityCompoundRef } from './useEntityCompoundRef';

/**
 * Loads something from the Hardening API for the current entity. `retry` reloads it
 * while keeping the previous value on screen.
 */
export function useHardeningData<T>(
  load: (api: HardeningApi, entityRef: CompoundEntityRef) => Promise<T>,
  deps: unknown[] = [],
) {
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(() => load(api, entityRef), [api, entityRef, ...deps]);
}
