import { usePermission } from '@backstage/plugin-permission-react';
import {
  hardeningTriageManagePermission,
  TriageQueueItem,
  TriageTaxonomyTag,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { failureLabel } from '../../utils/triage';
import { StatusLabel } from '../StatusLabel';
import { ActionButton } from './ActionButton';
import { ClassifyControl } from './ClassifyControl';
import { DefectControl } from './DefectControl';
import { StatusControl } from './StatusControl';
import { TriageHistory } from './TriageHistory';
import { TriageItemFacts } from './TriageItemFacts';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1, 1, 2) },
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

/**
 * The details of one failure, shown when its row is expanded: what it said, its
 * taxonomy, its facts, and the actions: classify and change status for people allowed
 * `hardening.triage.manage` on its entity, file defect and history for everyone.
 */
export const TriageItemDetail = (props: {
  item: TriageQueueItem;
  id: string;
  onChanged: (message: string) => void;
}) => {
  const { item, id, onChanged } = props;
  const classes = useStyles();
  const { allowed } = usePermission({
    permission: hardeningTriageManagePermission,
    resourceRef: item.entityRef,
  });
  const [historyOpen, setHistoryOpen] = useState(false);
  const label = failureLabel(item);
  const text = item.title ?? item.symptom;
  const closed =
    item.state.status === 'fixed' || item.state.status === 'wont-fix';
  return (
    <section
      id={id}
      className={classes.root}
      aria-label={`Details of ${label}`}
    >
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
      <Box className={classes.row} mt={1}>
        <TaxonomyChip kind="scenario" tag={item.scenario} />
        <TaxonomyChip kind="invariant" tag={item.invariant} />
      </Box>
      <TriageItemFacts item={item} />
      <Box className={classes.row}>
        {allowed && !closed && (
          <ClassifyControl item={item} onChanged={onChanged} />
        )}
        {allowed && <StatusControl item={item} onChanged={onChanged} />}
        <DefectControl item={item} canManage={allowed} onChanged={onChanged} />
        <ActionButton
          aria-expanded={historyOpen}
          aria-label={`History of ${label}`}
          onClick={() => setHistoryOpen(!historyOpen)}
        >
          {historyOpen ? 'Hide history' : 'History'}
        </ActionButton>
      </Box>
      {historyOpen && <TriageHistory item={item} />}
    </section>
  );
};
