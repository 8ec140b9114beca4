import { useApi } from '@backstage/frontend-plugin-api';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef } from '../../hooks';
import {
  CosignatureCheck,
  verifyWitnessCosignature,
  witnessKeysOf,
} from '../../transparency/verifyCosignatures';
import { TransparencyView } from './useTransparencyCheckpoint';

/** The key of a listed cosignature in the checks: `<witness>+<key id>`. */
export const cosignatureKey = (c: { witness: string; keyId: string }) =>
  `${c.witness}+${c.keyId}`;

/**
 * Each listed cosignature checked in the browser against the verified checkpoint, by
 * {@link cosignatureKey}; `undefined` while checking or when the checkpoint itself did
 * not verify (nothing to check them against).
 */
export function useCosignatureChecks(view: TransparencyView) {
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  const keys = useMemo(() => witnessKeysOf(view.witnessKeys), [view]);
  const state = useAsync(async () => {
    const { check, status } = view;
    if (!check.ok) return undefined;
    const checks = await Promise.all(
      status.cosignatures.map(
        async (cosignature): Promise<[string, CosignatureCheck]> => [
          cosignatureKey(cosignature),
          await verifyWitnessCosignature({
            cosignature,
            checkpoint: check.checkpoint,
            keys,
            consistencyProof: (from, to) =>
              api.getConsistencyProof(entityRef, from, to),
          }),
        ],
      ),
    );
    return new Map(checks);
  }, [api, entityRef, keys, view]);
  return state;
}
