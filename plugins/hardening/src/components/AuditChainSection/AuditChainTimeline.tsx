import {
  AuditChainAction,
  isPortalWrittenAuditChainAction,
  StoredAuditChainEntry,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { principalName, RelativeTime, ShortHash } from '../Words';

function actionColour(theme: Theme, action: AuditChainAction): string {
  switch (action) {
    case 'promote':
    case 'full-release':
      return theme.palette.success.main;
    case 'rollback':
      return theme.palette.error.main;
    case 'freeze':
      return theme.palette.info.main;
    case 'canary':
      return theme.palette.warning.main;
    default:
      return theme.palette.grey[600];
  }
}

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  item: {
    position: 'relative',
    padding: theme.spacing(0.75, 0, 0.75, 2.5),
  },
  broken: {
    background: theme.palette.type === 'dark' ? '#4a1c1c' : '#fdecea',
    outline: `2px solid ${theme.palette.error.main}`,
  },
  dot: {
    position: 'absolute',
    left: -7,
    top: theme.spacing(1.25),
    width: 12,
    height: 12,
    borderRadius: '50%',
  },
  author: {
    display: 'block',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  action: {
    display: 'inline-block',
    minWidth: 88,
    fontWeight: theme.typography.fontWeightBold as number,
    textTransform: 'uppercase',
    fontSize: theme.typography.caption.fontSize,
  },
}));

function detailText(details: Record<string, unknown> | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(([, value]) =>
      ['string', 'number', 'boolean'].includes(typeof value),
    )
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${String(value).slice(0, 80)}`)
    .join(' · ');
}

/**
 * Who wrote an entry: the portal (for the principal whose request wrote it), or an
 * upload. A portal-only action that came from an upload (stored before uploads were
 * checked) is said to be one, so that it is not taken for the portal's.
 */
const Author = (props: { stored: StoredAuditChainEntry }) => {
  const { origin, requestedBy, entry } = props.stored;
  const classes = useStyles();
  if (origin === 'portal') {
    return (
      <Typography variant="caption" className={classes.author}>
        Written by the portal
        {requestedBy ? `, requested by ${principalName(requestedBy)}` : ''}
      </Typography>
    );
  }
  if (isPortalWrittenAuditChainAction(entry.action)) {
    return (
      <Typography variant="caption" color="error" className={classes.author}>
        Uploaded, not written by the portal
      </Typography>
    );
  }
  return null;
};

const ActionDot = (props: { action: AuditChainAction }) => {
  const classes = useStyles();
  const theme = useTheme();
  return (
    <span
      aria-hidden
      className={classes.dot}
      style={{ background: actionColour(theme, props.action) }}
    />
  );
};

/**
 * The release audit chain as a timeline, in the order the entries are given (the section
 * passes them newest first): each step (verify, migrate,
 * build, canary, promote, rollback, freeze…) with its time, actor, details and hash, and
 * for an entry the portal wrote itself (a freeze) that it did and at whose request. The
 * entry where verification found the chain broken is marked. `inclusion` adds, under
 * each entry, where it stands in the transparency log.
 */
export const AuditChainTimeline = (props: {
  entries: StoredAuditChainEntry[];
  brokenSeq?: number;
  inclusion?: (stored: StoredAuditChainEntry) => ReactNode;
}) => {
  const { entries, brokenSeq, inclusion } = props;
  const classes = useStyles();
  return (
    <ol className={classes.list} aria-label="Release audit chain timeline">
      {entries.map(stored => {
        const { seq, entry } = stored;
        const broken = seq === brokenSeq;
        return (
          <li
            key={seq}
            className={`${classes.item} ${broken ? classes.broken : ''}`}
            aria-label={`seq ${seq}: ${entry.action}${
              broken ? ' (chain breaks here)' : ''
            }`}
            aria-current={broken ? 'step' : undefined}
          >
            <ActionDot action={entry.action} />
            <Typography variant="body2" component="div">
              <span className={classes.action}>{entry.action}</span>{' '}
              <RelativeTime iso={entry.timestamp} />
              {entry.actor ? ` · by ${principalName(entry.actor)}` : ''} · seq{' '}
              {seq} ·{' '}
              <ShortHash value={entry.hash} label={`hash of seq ${seq}`} />
              {broken && <strong> · chain breaks here</strong>}
            </Typography>
            <Author stored={stored} />
            {entry.details && (
              <Typography variant="caption" color="textSecondary">
                {detailText(entry.details)}
              </Typography>
            )}
            {inclusion?.(stored)}
          </li>
        );
      })}
    </ol>
  );
};
