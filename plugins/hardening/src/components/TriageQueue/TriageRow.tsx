import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import {
  TRIAGE_CLASS_LABELS,
  TriageQueueItem,
} from '@hardening/backstage-plugin-hardening-common';
import IconButton from '@material-ui/core/IconButton';
import SvgIcon from '@material-ui/core/SvgIcon';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  effectiveClass,
  failureLabel,
  triageStatusKind,
  triageStatusLabel,
} from '../../utils/triage';
import { StatusLabel } from '../StatusLabel';
import { principalName } from '../Words';
import { EscalationBadges } from './EscalationBadges';
import { TriageItemDetail } from './TriageItemDetail';
import { TriageTime } from './TriageTime';

const useStyles = makeStyles(theme => ({
  row: { '& > td': { verticalAlign: 'baseline' } },
  expanded: { '& > td': { borderBottom: 'none' } },
  chevron: { transition: theme.transitions.create('transform') },
  open: { transform: 'rotate(180deg)' },
  badges: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  id: { whiteSpace: 'nowrap' },
}));

const Chevron = (props: { className: string }) => (
  <SvgIcon className={props.className} fontSize="small">
    <path d="M7.41 8.59 12 13.17l4.59-4.58L18 10l-6 6-6-6z" />
  </SvgIcon>
);

const Id = (props: { value?: string }) => {
  const classes = useStyles();
  return props.value ? (
    <span className={classes.id}>{props.value}</span>
  ) : (
    <Typography variant="body2" component="span" color="textSecondary">
      not reported
    </Typography>
  );
};

const ClassText = (props: { item: TriageQueueItem }) => {
  const cls = effectiveClass(props.item);
  if (!cls) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        none yet
      </Typography>
    );
  }
  if (!cls.suggested) return <>{TRIAGE_CLASS_LABELS[cls.class]}</>;
  return (
    <Typography variant="body2" component="span" color="textSecondary">
      {TRIAGE_CLASS_LABELS[cls.class]} (suggested)
    </Typography>
  );
};

const StatusText = (props: { item: TriageQueueItem }) => {
  const { state } = props.item;
  return (
    <StatusLabel kind={triageStatusKind(state.status)}>
      {triageStatusLabel(state.status)}
      {state.defect && (
        <>
          {' '}
          (<Link to={state.defect.url}>issue</Link>)
        </>
      )}
    </StatusLabel>
  );
};

const Escalation = (props: { item: TriageQueueItem }) => {
  const classes = useStyles();
  const { escalation } = props.item;
  if (!escalation.unclassifiedTooLong && !escalation.spansScenarioClasses) {
    return (
      <Typography variant="body2" component="span" color="textSecondary">
        none
      </Typography>
    );
  }
  return (
    <span className={classes.badges}>
      <EscalationBadges escalation={escalation} />
    </span>
  );
};

/** The columns of the queue, in order; the entity only on a team's queue. */
export function triageColumns(showEntity: boolean): string[] {
  return [
    'Scenario',
    'Invariant',
    ...(showEntity ? ['Entity'] : []),
    'Class',
    'Status',
    'Owner',
    'Escalation',
    'Last seen',
  ];
}

/**
 * One failure of the queue as one row (scenario, invariant, its entity on a team's
 * queue, class, status, owner, escalation, last seen), with a button that expands its
 * details underneath.
 */
export const TriageRow = (props: {
  item: TriageQueueItem;
  showEntity: boolean;
  expanded: boolean;
  onToggle: () => void;
  onChanged: (message: string) => void;
}) => {
  const { item, showEntity, expanded, onToggle, onChanged } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const label = failureLabel(item);
  const detailId =
    `triage-detail-${item.entityRef}-${item.fingerprint}`.replace(
      /[^A-Za-z0-9_-]/g,
      '-',
    );
  const owner = item.routing.ownerRef;
  return (
    <>
      <TableRow
        className={`${classes.row} ${expanded ? classes.expanded : ''}`}
      >
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-expanded={expanded}
            aria-controls={expanded ? detailId : undefined}
            aria-label={`Details of ${label}`}
            onClick={onToggle}
          >
            <Chevron
              className={`${classes.chevron} ${expanded ? classes.open : ''}`}
            />
          </IconButton>
        </TableCell>
        <TableCell component="th" scope="row" role="rowheader">
          <Id value={item.scenarioId} />
        </TableCell>
        <TableCell>
          <Id value={item.invariantId} />
        </TableCell>
        {showEntity && (
          <TableCell>
            <EntityRefLink entityRef={item.entityRef} hideIcon />
          </TableCell>
        )}
        <TableCell>
          <ClassText item={item} />
        </TableCell>
        <TableCell>
          <StatusText item={item} />
        </TableCell>
        <TableCell>
          <Link to={entityLink(owner)}>{principalName(owner)}</Link>
        </TableCell>
        <TableCell>
          <Escalation item={item} />
        </TableCell>
        <TableCell>
          <TriageTime iso={item.lastSeen} />
        </TableCell>
      </TableRow>
      {expanded && (
        <TableRow>
          <TableCell colSpan={triageColumns(showEntity).length + 1}>
            <TriageItemDetail item={item} id={detailId} onChanged={onChanged} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
};
