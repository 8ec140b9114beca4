import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { groupByScenarioPrefix } from '../../utils/triage';
import { triageColumns, TriageRow } from './TriageRow';

const useStyles = makeStyles(theme => ({
  wrapper: { overflowX: 'auto' },
  group: { backgroundColor: theme.palette.background.default },
  srOnly: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
}));

function rowKey(item: TriageQueueItem): string {
  return `${item.entityRef}|${item.fingerprint}`;
}

/**
 * The failures as one compact table, one row per failure, under a heading row per
 * scenario taxonomy prefix (queue order: most recently seen first). A row's details open
 * underneath it and stay open when the queue reloads after an action.
 */
export const TriageTable = (props: {
  items: readonly TriageQueueItem[];
  showEntity: (item: TriageQueueItem) => boolean;
  onChanged: (message: string) => void;
}) => {
  const { items, showEntity, onChanged } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const entityColumn = items.some(showEntity);
  const columns = triageColumns(entityColumn);
  const toggle = (key: string) =>
    setExpanded(current => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return (
    <div className={classes.wrapper}>
      <Table size="small" aria-label="Failures needing work">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <span className={classes.srOnly}>Details</span>
            </TableCell>
            {columns.map(column => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        {groupByScenarioPrefix(items).map(group => (
          <TableBody key={group.prefix}>
            <TableRow className={classes.group}>
              <TableCell
                component="th"
                scope="rowgroup"
                colSpan={columns.length + 1}
              >
                <Typography variant="subtitle2" component="h3">
                  {group.title} ({group.items.length})
                </Typography>
              </TableCell>
            </TableRow>
            {group.items.map(item => (
              <TriageRow
                key={rowKey(item)}
                item={item}
                showEntity={entityColumn}
                expanded={expanded.has(rowKey(item))}
                onToggle={() => toggle(rowKey(item))}
                onChanged={onChanged}
              />
            ))}
          </TableBody>
        ))}
      </Table>
    </div>
  );
};
