import { useApi } from '@backstage/frontend-plugin-api';
import { StoredAuditChainEntry } from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef, useHardeningData } from '../../hooks';
import { AsyncContent } from '../AsyncContent';
import { SectionCard } from '../SectionCard';
import { UploadHint } from '../UploadHint';
import { AuditChainTimeline } from './AuditChainTimeline';
import { ChainVerificationStatus } from './ChainVerificationStatus';

/** Entries loaded per page of the timeline. */
const PAGE_SIZE = 200;

type Loaded = { items: StoredAuditChainEntry[]; nextCursor?: string };

/**
 * The "Release audit chain" section: the backend's verification of the stored chain and
 * the chain as a timeline, oldest first, a page at a time.
 */
export const AuditChainSection = () => {
  const api = useApi(hardeningApiRef);
  const { entityRef } = useEntityCompoundRef();
  const state = useHardeningData(async (hardeningApi, ref) => {
    const [verification, page] = await Promise.all([
      hardeningApi.verifyAuditChain(ref),
      hardeningApi.listAuditChainEntries(ref, { limit: PAGE_SIZE }),
    ]);
    return { verification, page };
  });
  const [more, setMore] = useState<Loaded>();
  const [moreState, loadMore] = useAsyncFn(
    async (cursor: string) => {
      const next = await api.listAuditChainEntries(entityRef, {
        limit: PAGE_SIZE,
        cursor,
      });
      setMore(previous => ({
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
          const entries = [...page.items, ...(more?.items ?? [])];
          const cursor = more ? more.nextCursor : page.nextCursor;
          return (
            <>
              <ChainVerificationStatus verification={verification} />
              <Typography variant="body2" color="textSecondary" paragraph>
                Showing {entries.length} of {verification.length} entries,
                oldest first.
              </Typography>
              <AuditChainTimeline
                entries={entries}
                brokenSeq={verification.break?.seq}
              />
              {cursor && (
                <Box mt={1}>
                  <Button
                    variant="outlined"
                    disabled={moreState.loading}
                    onClick={() => loadMore(cursor)}
                  >
                    Show the next {PAGE_SIZE} entries
                  </Button>
                  {moreState.error && (
                    <Typography color="error" variant="body2">
                      Could not load more entries: {moreState.error.message}
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
