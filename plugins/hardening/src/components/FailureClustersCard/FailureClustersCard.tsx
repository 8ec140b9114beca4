import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { FailureCluster } from '@hardening/backstage-plugin-hardening-common';
import { useHardeningData } from '../../hooks';
import { formatMs, formatTime } from '../../utils/format';
import { AsyncContent } from '../AsyncContent';
import { EntityCell } from '../ScorecardParts/EntityCell';

/** Clusters the card lists. */
export const TEAM_CLUSTER_LIMIT = 10;
/** Characters of the example's message shown. */
const MESSAGE_CHARS = 160;

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n').find(l => l.trim() !== '') ?? '';
  return line.length > MESSAGE_CHARS
    ? `${line.slice(0, MESSAGE_CHARS - 1)}…`
    : line;
}

const ClusterRow = ({ cluster }: { cluster: FailureCluster }) => {
  const { example } = cluster;
  const more = cluster.entities - cluster.entityRefs.length;
  return (
    <TableRow>
      <TableCell>
        <Typography variant="body2" title={cluster.signature}>
          {firstLine(example.message ?? cluster.signature) || '(no message)'}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          Example: <EntityCell entityRef={example.entityRef} />
          {example.testId && <> · {example.testId}</>}
          {example.runUrl && (
            <>
              {' '}
              · <Link to={example.runUrl}>CI run</Link>
            </>
          )}
        </Typography>
      </TableCell>
      <TableCell align="right">{cluster.failures}</TableCell>
      <TableCell>
        {cluster.entities} {cluster.entities === 1 ? 'entity' : 'entities'}:{' '}
        {cluster.entityRefs.map((ref, i) => (
          <span key={ref}>
            {i > 0 && ', '}
            <EntityCell entityRef={ref} />
          </span>
        ))}
        {more > 0 && ` and ${more} more`}
      </TableCell>
      <TableCell>{formatTime(cluster.lastSeen)}</TableCell>
      <TableCell align="right">
        {cluster.timedFailures > 0 ? formatMs(cluster.ciTimeLostMs) : '—'}
      </TableCell>
    </TableRow>
  );
};

/**
 * "Failure clusters touching this team's services" on group pages: the failure causes
 * (normalised message and top frames) with a failure in an entity the group or a child
 * group owns, counted across every entity the viewer may read, highest impact first.
 */
export const FailureClustersCard = () => {
  const { entity } = useEntity();
  const state = useHardeningData((api, group) =>
    api.getFailureClusters({
      ownedBy: `group:${group.namespace}/${group.name}`,
      limit: TEAM_CLUSTER_LIMIT,
    }),
  );
  const title = entity.metadata.title ?? entity.metadata.name;
  return (
    <InfoCard
      title="Failure clusters touching this team's services"
      subheader="Failures of the last 14 days grouped by message and top stack frames, across all services you can see; most failures × services first."
    >
      <AsyncContent
        state={state}
        errorTitle="Could not load the failure clusters"
        isEmpty={response => response.clusters.length === 0}
        empty={
          <Typography variant="body2">
            No test or triage failure of a service of {title} in the last 14
            days.
          </Typography>
        }
      >
        {response => (
          <Table size="small" aria-label="Failure clusters">
            <TableHead>
              <TableRow>
                <TableCell>Failure</TableCell>
                <TableCell align="right">Failures</TableCell>
                <TableCell>Entities</TableCell>
                <TableCell>Last seen</TableCell>
                <TableCell align="right">CI time lost</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {response.clusters.map(cluster => (
                <ClusterRow key={cluster.key} cluster={cluster} />
              ))}
            </TableBody>
          </Table>
        )}
      </AsyncContent>
    </InfoCard>
  );
};
