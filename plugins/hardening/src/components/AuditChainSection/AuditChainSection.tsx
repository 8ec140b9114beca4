import { useApi } from '@backstage/frontend-plugin-api';
import { StoredAuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef, useHardeningData } from '../../hooks';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { AuditChainTimeline } from './AuditChainTimeline';
import { ChainVerificationStatus } from './ChainVerificationStatus';
import { ChainTransparency } from './ChainTransparency';

/** Entries loaded per page of the timeline: the newest first, then older ones on demand. */
const PAGE_SIZE = 20;

type Loaded = { items: StoredAuditChainEntry[]; nextCursor?: string };

/**
 * The "Release audit chain" section: the backend's verification of the stored chain (and,
 * when broken, the exact entry and reason) above the chain as a timeline, newest entry
 * first, {@link PAGE_SIZE} entries at a time with an "Older entries" button. Between
 * them, the latest signed checkpoint of the entity's transparency log, verified in the
 * browser; each entry shown says whether it is included in that checkpoint, checked in
 * the browser too.
 */
export const AuditChainSection = () => {
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  const state = useHardeningData(async (hardeningApi, ref) => {
    const [verification, page] = await Promise.all([
      hardeningApi.verifyAuditChain(ref),
      hardeningApi.listAuditChainEntries(ref, {
        order: 'desc',
        limit: PAGE_SIZE,
      }),
    ]);
    return { verification, page };
  });
  const [older, setOlder] = useState<Loaded>();
  // Older pages continue the newest page they were loaded after: a reload starts over.
  useEffect(() => setOlder(undefined), [state.value]);
  const [olderState, loadOlder] = useAsyncFn(
    async (cursor: string) => {
      const next = await api.listAuditChainEntries(entityRef, {
        order: 'desc',
        limit: PAGE_SIZE,
        cursor,
      });
      setOlder(previous => ({
        items: [...(previous?.items ?? []), ...next.items],
        nextCursor: next.nextCursor,
      }));
    },
    [api, entityRef],
  );

  return (
    <SectionCard id="audit-chain" title="Release audit chain">
      <AsyncContent
        state={state}
        errorTitle="Could not load the release audit chain"
        isEmpty={value => value.verification.length === 0}
        empty={
          <UploadHint
            title="No release audit chain yet"
            description='Have the release script append one JSON line per step (verify, migrate, build, canary, promote or rollback), each with prevHash and hash = sha256(prevHash + "\n" + canonical JSON of the entry without hash), and upload the chain or its new lines after each release.'
            example={{
              method: 'POST',
              path: '/audit-chain',
              contentType: 'application/x-ndjson',
              file: 'audit-chain.jsonl',
            }}
          />
        }
      >
        {({ verification, page }) => {
          const entries = [...page.items, ...(older?.items ?? [])];
          const cursor = older ? older.nextCursor : page.nextCursor;
          const brokenSeq = verification.break?.seq;
          return (
            <>
              <ChainVerificationStatus
                verification={verification}
                brokenEntryShown={entries.some(e => e.seq === brokenSeq)}
                olderEntriesToLoad={Boolean(cursor)}
              />
              <ChainTransparency reload={state.value}>
                {inclusion => (
                  <>
                    <Typography variant="body2" color="textSecondary" paragraph>
                      Showing {entries.length} of {verification.length} entries,
                      newest first.
                    </Typography>
                    <AuditChainTimeline
                      entries={entries}
                      brokenSeq={brokenSeq}
                      inclusion={inclusion}
                    />
                  </>
                )}
              </ChainTransparency>
              {cursor && (
                <Box mt={1}>
                  <Button
                    variant="outlined"
                    disabled={olderState.loading}
                    onClick={() => loadOlder(cursor)}
                  >
                    Older entries
                  </Button>
                  {olderState.error && (
                    <Typography color="error" variant="body2">
                      Could not load older entries: {olderState.error.message}
                    </Typography>
                  )}
                </Box>
              )}
            </>
          );
        }}
      </AsyncContent>
    </SectionCard>
  );
};
