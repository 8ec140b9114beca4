import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  TRIAGE_CLASS_LABELS,
  TriageHistoryEntry,
  TriageQueueItem,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { hardeningApiRef } from '../../api';
import { actorName, failureLabel, triageStatusLabel } from '../../utils/triage';
import { AsyncContent } from '../AsyncContent';
import { TriageTime } from './TriageTime';

const HistoryEntry = (props: { entry: TriageHistoryEntry }) => {
  const { entry } = props;
  const change =
    entry.from === entry.to
      ? `${triageStatusLabel(entry.to)} (again)`
      : `${triageStatusLabel(entry.from)} → ${triageStatusLabel(entry.to)}`;
  return (
    <li>
      <TriageTime iso={entry.at} />: {change}
      {entry.class && `, class ${TRIAGE_CLASS_LABELS[entry.class]}`} by{' '}
      {actorName(entry.by)}
      {entry.defectUrl && (
        <>
          , issue <Link to={entry.defectUrl}>{entry.defectUrl}</Link>
        </>
      )}
      {entry.note && ` — “${entry.note}”`}
    </li>
  );
};

/**
 * The status changes of a failure, oldest first; loaded when shown and again whenever
 * its state changes.
 */
export const TriageHistory = (props: { item: TriageQueueItem }) => {
  const { item } = props;
  const api = useApi(hardeningApiRef);
  const label = failureLabel(item);
  const detail = useAsync(
    () => api.getTriageFailure(parseEntityRef(item.entityRef), item.failureId),
    [api, item.entityRef, item.failureId, item.state.statusChangedAt],
  );
  return (
    <AsyncContent
      state={detail}
      errorTitle={`Could not load the history of ${label}`}
      isEmpty={value => value.history.length === 0}
      empty={
        <Typography variant="body2">
          No changes yet: open since it was first seen.
        </Typography>
      }
    >
      {value => (
        <Typography
          variant="body2"
          component="ol"
          aria-label={`Triage history of ${label}`}
        >
          {value.history.map(entry => (
            <HistoryEntry key={`${entry.at}:${entry.to}`} entry={entry} />
          ))}
        </Typography>
      )}
    </AsyncContent>
  );
};
