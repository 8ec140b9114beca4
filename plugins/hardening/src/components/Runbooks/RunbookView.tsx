import { RunbookSummary } from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect } from 'react';
import { useHardeningData } from '../../hooks';
import { AsyncContent } from '../AsyncContent';
import { StatusLabel } from '../StatusLabel';
import { RunbookMarkdown } from './RunbookMarkdown';
import { RunbookReview, RunbookSource } from './RunbookReview';
import { RunbookToc } from './RunbookToc';
import { RunbookUploadHint } from './RunbookUploadHint';

/** Scrolls to the heading the URL's fragment names, once the runbook is on screen. */
function useScrollToFragment(ready: boolean) {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (ready && id) document.getElementById(id)?.scrollIntoView();
  }, [ready]);
}

/** A runbook whose file could not be read: why, and how to provide it instead. */
const UnreadableRunbook = (props: { summary: RunbookSummary }) => {
  const { summary } = props;
  return (
    <>
      <Typography variant="body2" component="div" role="alert">
        <StatusLabel kind="error">
          Could not read {summary.title}: {summary.error}
        </StatusLabel>
      </Typography>
      <RunbookUploadHint
        runbookId={summary.id}
        title={`Check the path in hardening.io/runbooks, or upload ${summary.id}`}
      />
    </>
  );
};

/**
 * One runbook: where it comes from, its review dates (and a warning when it is stale),
 * a table of contents and the rendered Markdown. Opens at the section the URL's
 * fragment names (the triage queue links to sections this way).
 */
export const RunbookView = (props: { summary: RunbookSummary }) => {
  const { summary } = props;
  const state = useHardeningData(
    (api, entityRef) =>
      summary.error
        ? Promise.resolve(undefined)
        : api.getRunbook(entityRef, summary.id),
    [summary.id, summary.error],
  );
  useScrollToFragment(state.value !== undefined);
  if (summary.error) return <UnreadableRunbook summary={summary} />;
  return (
    <AsyncContent
      state={state}
      errorTitle={`Could not load the runbook ${summary.id}`}
    >
      {runbook =>
        runbook?.error ? (
          <UnreadableRunbook summary={runbook} />
        ) : (
          runbook && (
            <article aria-label={`Runbook ${runbook.title}`}>
              <RunbookSource runbook={runbook} />
              <RunbookReview runbook={runbook} />
              <Box mt={2}>
                <Grid container spacing={3}>
                  <Grid item xs={12} md={3}>
                    <RunbookToc runbook={runbook} />
                  </Grid>
                  <Grid item xs={12} md={9}>
                    <RunbookMarkdown runbook={runbook} />
                  </Grid>
                </Grid>
              </Box>
            </article>
          )
        )
      }
    </AsyncContent>
  );
};
