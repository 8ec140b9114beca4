import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { TransparencyStatus } from '@hardening/backstage-plugin-hardening-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef } from '../../hooks';
import {
  CheckpointCheck,
  LogKeySource,
  verifyCheckpoint,
} from '../../transparency/verifyCheckpoint';

/** Frontend config: the log's verifier key, pinned by whoever runs the portal. */
export const PINNED_LOG_KEY_CONFIG = 'hardening.transparency.publicKey';
/** Frontend config: the witnesses' verifier keys, pinned likewise. */
export const PINNED_WITNESS_KEYS_CONFIG = 'hardening.transparency.witnessKeys';

/** The latest checkpoint as the backend describes it, and what checking it here found. */
export type TransparencyView = {
  status: TransparencyStatus;
  keySource: LogKeySource;
  check: CheckpointCheck;
  /** The witness keys cosignatures are checked with, and where they come from. */
  witnessKeys: string[];
  witnessKeySource: LogKeySource;
};

/**
 * Loads the entity's latest checkpoint and verifies its signature in the browser with
 * the pinned key when config has one, else with the key the backend serves; picks the
 * witness keys the same way. Loads again whenever `reload` changes.
 */
export function useTransparencyCheckpoint(reload: unknown) {
  const api = useApi(hardeningApiRef);
  const config = useApi(configApiRef);
  const { entityRef, entityRefString } = useEntityCompoundRef();
  return useAsyncRetry(async (): Promise<TransparencyView> => {
    const pinned = config.getOptionalString(PINNED_LOG_KEY_CONFIG);
    const [status, publicKey] = await Promise.all([
      api.getTransparencyStatus(entityRef),
      pinned ?? api.getLogPublicKey(),
    ]);
    const keySource: LogKeySource = pinned ? 'pinned' : 'backend';
    const pinnedWitnesses = config.getOptionalStringArray(
      PINNED_WITNESS_KEYS_CONFIG,
    );
    return {
      status,
      keySource,
      witnessKeys: pinnedWitnesses ?? status.witnessKeys,
      witnessKeySource: pinnedWitnesses ? 'pinned' : 'backend',
      check: verifyCheckpoint({
        status,
        publicKey,
        keySource,
        entityRef: entityRefString,
      }),
    };
  }, [api, config, entityRef, entityRefString, reload]);
}
