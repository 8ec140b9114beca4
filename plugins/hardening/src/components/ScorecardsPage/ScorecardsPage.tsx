import { Content, EmptyState } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { hardeningApiRef } from '../../api';
import { entityCount } from '../../utils/scorecards';
import { AsyncContent } from '../AsyncContent';
import {
  LevelDistribution,
  RetryHint,
  ScorecardAverages,
} from '../ScorecardParts';
import { RelativeTime } from '../Words';
import { DownloadCsvButton } from './DownloadCsvButton';
import { EntityScorecardTable } from './EntityScorecardTable';
import { activeFilters, OrgQuery } from './orgQuery';
import { ScorecardFilters } from './ScorecardFilters';
import { ScorecardSection } from './ScorecardSection';
import { TeamRankingTable } from './TeamRankingTable';
import { TeamTrendChart } from './TeamTrendChart';
import { useOrgQuery } from './useOrgQuery';

const NoScorecards = () => (
  <EmptyState
    missing="data"
    title="No scorecards yet"
    description={
      <>
        Scorecards cover the catalog entities you may see that have an owner.
        Register components with <code>spec.owner</code> set to their team, then
        upload their evidence from CI (the <code>hardening</code> CLI or the
        upload routes): each level is computed from that evidence when this page
        loads.
      </>
    }
  />
);

const NoMatch = (props: { onClear: () => void }) => (
  <EmptyState
    missing="data"
    title="No entity matches these filters"
    description="Clear a filter, or pick another system, tier or lifecycle."
    action={
      <Button variant="contained" color="primary" onClick={props.onClear}>
        Clear filters
      </Button>
    }
  />
);

/**
 * The "Hardening scorecards" page: the teams ranked by the mean level of the entities
 * they own (with their child teams), filters by system, tier and lifecycle, each team's
 * trend, the entity table with what each entity misses for the next level, and the
 * table as CSV. The filters, the sort and the page are kept in the URL's query string.
 */
export const ScorecardsPage = () => {
  const api = useApi(hardeningApiRef);
  const [query, change] = useOrgQuery();
  const state = useAsyncRetry(() => api.getOrgScorecards(query), [api, query]);
  const filter = (patch: Partial<OrgQuery>) => change({ ...patch, offset: 0 });
  const filtered = activeFilters(query).length > 0;

  return (
    <Content>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        gridGap={16}
      >
        <Typography variant="h4" component="h2">
          Hardening scorecards
        </Typography>
        <DownloadCsvButton query={query} />
      </Box>
      <Typography variant="body2" color="textSecondary">
        Levels are computed from each entity's stored evidence when the page
        loads; a team counts the entities it and its child teams own.
        {state.value && (
          <>
            {' '}
            Computed <RelativeTime iso={state.value.computedAt} />.
          </>
        )}
      </Typography>
      {state.value && (
        <ScorecardFilters
          options={state.value.filterOptions}
          query={query}
          onChange={filter}
        />
      )}
      <AsyncContent
        state={state}
        errorTitle="Could not load the scorecards"
        isEmpty={response => response.overall.entities === 0}
        empty={
          filtered ? (
            <NoMatch
              onClear={() =>
                filter({
                  system: undefined,
                  tier: undefined,
                  lifecycle: undefined,
                })
              }
            />
          ) : (
            <NoScorecards />
          )
        }
      >
        {response => (
          <Grid container spacing={3}>
            <Grid item xs={12} md={5}>
              <ScorecardSection
                id="overall"
                title="All teams"
                subheader={entityCount(response.overall.entities)}
              >
                <LevelDistribution
                  levels={response.levels}
                  counts={response.overall.levels}
                  label="Level distribution of all entities"
                />
                <ScorecardAverages
                  averages={response.overall.averages}
                  levelCount={response.levels.length}
                  label="Averages of all entities"
                />
              </ScorecardSection>
            </Grid>
            <Grid item xs={12} md={7}>
              <ScorecardSection id="trends" title="Trends">
                <TeamTrendChart
                  teams={response.teams}
                  trends={response.trends}
                  levelCount={response.levels.length}
                  weeks={response.filters.weeks}
                />
              </ScorecardSection>
            </Grid>
            <Grid item xs={12}>
              <ScorecardSection
                id="teams"
                title="Teams ranked"
                subheader="By the mean level of their entities, best first"
              >
                {response.teams.length > 0 ? (
                  <TeamRankingTable
                    teams={response.teams}
                    levels={response.levels}
                  />
                ) : (
                  <Typography variant="body2">
                    None of these entities has a group as its owner: set{' '}
                    <code>spec.owner</code> to a team to rank it.
                  </Typography>
                )}
              </ScorecardSection>
            </Grid>
            <Grid item xs={12}>
              <ScorecardSection
                id="entities"
                title={`Entities (${response.entities.totalCount})`}
              >
                <EntityScorecardTable
                  page={response.entities}
                  levelCount={response.levels.length}
                  extensionMetrics={response.extensionMetrics}
                  query={query}
                  loading={state.loading}
                  onChange={change}
                />
              </ScorecardSection>
            </Grid>
          </Grid>
        )}
      </AsyncContent>
      {state.error && <RetryHint onRetry={state.retry} />}
    </Content>
  );
};
