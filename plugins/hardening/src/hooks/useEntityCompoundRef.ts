import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';

/** The current entity's compound ref (for the API) and string ref (for permissions). */
export function useEntityCompoundRef() {
  const { entity } = useEntity();
  return useMemo(
    () => ({
      entityRef: getCompoundEntityRef(entity),
      entityRefString: stringifyEntityRef(entity),
    }),
    [entity],
  );
}
