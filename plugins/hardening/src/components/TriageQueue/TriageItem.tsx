import { Link } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  hardeningTriageManagePermission,
  TRIAGE_CLASS_LABELS,
  TriageQueueItem,
  TriageTaxonomyTag,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import {
  failureHeading,
  failureLabel,
  triageStatusKind,
  triageStatusLabel,
} from '../../utils/triage';
import { StatusLabel } from '../StatusLabel';
import { ClassifyControl } from './ClassifyControl';
import { DefectControl } from './DefectControl';
import { EscalationBadges } from './EscalationBadges';
import { StatusControl } from './StatusControl';
import { TriageHistory } from './TriageHistory';
import { TriageItemFacts } from './TriageItemFacts';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(2, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  message: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

const TaxonomyChip = (props: { kind: string; tag?: TriageTaxonomyTag }) => {
  const { kind, tag } = props;
  if (!tag) return null;
  const name = tag.label ? `${tag.prefix} · ${tag.label}` : tag.prefix;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={`${kind} ${name}${tag.known ? '' : ' (not in the taxonomy)'}`}
    />
  );
};

const StatusText = (props: { item: TriageQueueItem }) => {
  const { state } = props.item;
  return (
    <StatusLabel kind={triageStatusKind(state.status)}>
      {triageStatusLabel(state.status)}
      {state.class && `: ${TRIAGE_CLASS_LABELS[state.class]}`}
      {state.defect && (
        <>
          {' '}
          (<Link to={state.defect.url}>issue</Link>)
        </>
      )}
    </StatusLabel>
  );
};

/**
 * One failure of the queue: its ids and taxonomy, status, escalation badges, what it
 * said, its facts, and the actions: classify and change status for people allowed
 * `hardening.triage.manage` on its entity, file defect and history for everyone.
 */
export const TriageItem = (props: {
  item: TriageQueueItem;
  showEntity: boolean;
  onChanged: (message: string) => void;
}) => {
  const { item, showEntity, onChanged } = props;
  const classes = useStyles();
  const { allowed } = usePermission({
    permission: hardeningTriageManagePermission,
    resourceRef: item.entityRef,
  });
  const [historyOpen, setHistoryOpen] = useState(false);
  const headingId = `triage-${item.failureId}-heading`;
  const label = failureLabel(item);
  const text = item.title ?? item.symptom;
  const closed =
    item.state.status === 'fixed' || item.state.status === 'wont-fix';
  return (
    <article className={classes.root} aria-labelledby={headingId}>
      <div className={classes.row}>
        <Typography id={headingId} variant="h6" component="h4">
          {failureHeading(item)}
        </Typography>
        <StatusText item={item} />
        <TaxonomyChip kind="scenario" tag={item.scenario} />
        <TaxonomyChip kind="invariant" tag={item.invariant} />
        <EscalationBadges escalation={item.escalation} />
      </div>
      {text && <Typography variant="body1">{text}</Typography>}
      {item.message && item.message !== text && (
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.message}
        >
          {item.message}
        </Typography>
      )}
      {item.diagnosticsReason && (
        <Typography variant="body2">
          <StatusLabel kind="warning">
            Harness/diagnostics defect: {item.diagnosticsReason}
          </StatusLabel>
        </Typography>
      )}
      <TriageItemFacts item={item} showEntity={showEntity} />
      <Box className={classes.row}>
        {allowed && !closed && (
          <ClassifyControl item={item} onChanged={onChanged} />
        )}
        {allowed && <StatusControl item={item} onChanged={onChanged} />}
        <DefectControl item={item} canManage={allowed} onChanged={onChanged} />
        <Button
          size="small"
          aria-expanded={historyOpen}
          aria-label={`History of ${label}`}
          onClick={() => setHistoryOpen(!historyOpen)}
        >
          {historyOpen ? 'Hide history' : 'History'}
        </Button>
      </Box>
      {historyOpen && <TriageHistory item={item} />}
    </article>
  );
};
