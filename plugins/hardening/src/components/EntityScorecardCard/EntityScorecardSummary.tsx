import { Link } from '@backstage/core-components';
import {
  EntityScorecardResponse,
  ScorecardMetrics,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { RelativeTime } from '../Words';
import { refName } from '../../utils/scorecards';
import { LevelLabel, MetricList, MissingReasons } from '../ScorecardParts';
import { entityMetricGroups } from './entityMetricGroups';

/** Nothing uploaded, no milestone, no chain, no runbook, no failure: a blank slate. */
export function hasNoEvidence(m: ScorecardMetrics): boolean {
  return (
    m.lastEvidenceAt === null &&
    m.freezeState === 'no-milestone' &&
    m.releaseChainVerified === null &&
    m.runbooks === 0 &&
    m.openTriageFailures === 0 &&
    m.flakyTests === 0
  );
}

/** The body of the entity card once its scorecard is loaded. */
export const EntityScorecardSummary = (props: {
  response: EntityScorecardResponse;
  /** The entity's Hardening tab, which shows how to upload each kind of evidence. */
  tabPath: string;
}) => {
  const { scorecard, levels, extensionMetrics, computedAt } = props.response;
  const name = scorecard.title ?? refName(scorecard.entityRef);
  return (
    <>
      {hasNoEvidence(scorecard.metrics) && (
        <Typography variant="body2" paragraph>
          No evidence has been uploaded for this component yet, so it reaches no
          level. Its level is computed from the test reports, CI gates, contract
          results, stress runs and validation reports its CI uploads; the{' '}
          <Link to={props.tabPath}>Hardening tab</Link> shows how.
        </Typography>
      )}
      <Typography variant="h6" component="p">
        <LevelLabel
          level={scorecard.level}
          rank={scorecard.rank}
          levelCount={levels.length}
        />
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Level {scorecard.rank} of {levels.length}. Computed{' '}
        <RelativeTime iso={computedAt} />.
      </Typography>
      <MissingReasons scorecard={scorecard} />
      {entityMetricGroups(scorecard.metrics, extensionMetrics).map(group => (
        <section key={group.title}>
          <Typography variant="subtitle2" component="h3">
            {group.title}
          </Typography>
          <MetricList items={group.items} label={`${group.title} of ${name}`} />
        </section>
      ))}
    </>
  );
};
