import { StoredAuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { ReactNode, useMemo } from 'react';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef } from '../../hooks';
import { createProofLoader } from '../../transparency/proofLoader';
import { EntryInclusionStatus } from './EntryInclusionStatus';
import { TransparencyCheckpoint } from './TransparencyCheckpoint';
import { useTransparencyCheckpoint } from './useTransparencyCheckpoint';

/**
 * The latest checkpoint of the entity's transparency log, verified in the browser, then
 * `children`, given what to show under each entry of the timeline: whether it is
 * included in that checkpoint (nothing while the checkpoint is not verified). Loads the
 * checkpoint again whenever `reload` changes.
 */
export const ChainTransparency = (props: {
  reload: unknown;
  children: (
    inclusion?: (stored: StoredAuditChainEntry) => ReactNode,
  ) => ReactNode;
}) => {
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  const state = useTransparencyCheckpoint(props.reload);
  // Proofs of a tree size never change: kept for as long as the entity is shown.
  const proofs = useMemo(
    () =>
      createProofLoader((seq, treeSize) =>
        api.getInclusionProof(entityRef, seq, treeSize),
      ),
    [api, entityRef],
  );
  const check = state.value?.check;
  const checkpoint = check?.ok ? check.checkpoint : undefined;
  return (
    <>
      <TransparencyCheckpoint state={state} />
      {props.children(
        checkpoint &&
          (stored => (
            <EntryInclusionStatus
              stored={stored}
              checkpoint={checkpoint}
              proofs={proofs}
            />
          )),
      )}
    </>
  );
};
