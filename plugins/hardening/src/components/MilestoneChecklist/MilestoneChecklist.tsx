import { ChecklistItem } from '@hardening/backstage-plugin-hardening-common';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';
import { EvidenceLinks } from '../EvidenceLinks';
import { passFail, StatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  // Not ListItemText: the Backstage theme keeps that on one line and cuts it off.
  text: {
    flex: 1,
    minWidth: 0,
    overflowWrap: 'anywhere',
    padding: theme.spacing(0.5, 0),
  },
  passingLine: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** One checklist item: pass or fail, the reason, and links to the deciding evidence. */
const ChecklistRow = (props: {
  item: ChecklistItem;
  evidenceBasePath?: string;
}) => {
  const { item, evidenceBasePath } = props;
  const classes = useStyles();
  return (
    <ListItem
      disableGutters
      aria-label={`${item.label}: ${item.passed ? 'passed' : 'failed'}`}
    >
      <div className={classes.text}>
        <Typography variant="body2" component="div">
          <StatusLabel kind={passFail(item.passed)}>
            <strong>{item.label}</strong>
            {item.passed ? ' — passed' : ' — failed'}
          </StatusLabel>
        </Typography>
        <Typography variant="body2" color="textSecondary" component="div">
          {item.reason}
          {item.evidence.length > 0 && (
            <div>
              Evidence:{' '}
              <EvidenceLinks
                evidence={item.evidence}
                basePath={evidenceBasePath}
              />
            </div>
          )}
        </Typography>
      </div>
    </ListItem>
  );
};

/**
 * The passing items of a checklist as one line (`3 of 5 checks pass: …`) with a button
 * that shows them in full.
 */
const PassingChecks = (props: {
  milestoneId: string;
  passing: ChecklistItem[];
  total: number;
  evidenceBasePath?: string;
}) => {
  const { milestoneId, passing, total, evidenceBasePath } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const listId = `passing-checks-${milestoneId}`;
  const count =
    passing.length === total
      ? `All ${total} checks pass`
      : `${passing.length} of ${total} checks pass`;
  return (
    <ListItem disableGutters aria-label={count}>
      <div className={classes.text}>
        <div className={classes.passingLine}>
          <Typography variant="body2" component="span">
            <StatusLabel kind="ok">
              <strong>{count}</strong>:{' '}
              {passing.map(item => item.label).join(', ')}
            </StatusLabel>
          </Typography>
          <Button
            size="small"
            aria-expanded={open}
            aria-controls={listId}
            aria-label={`${
              open ? 'Hide' : 'Show'
            } passing checks of ${milestoneId}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide them' : 'Show them'}
          </Button>
        </div>
        {open && (
          <List
            dense
            disablePadding
            id={listId}
            aria-label={`Passing checks of ${milestoneId}`}
          >
            {passing.map(item => (
              <ChecklistRow
                key={item.id}
                item={item}
                evidenceBasePath={evidenceBasePath}
              />
            ))}
          </List>
        )}
      </div>
    </ListItem>
  );
};

/**
 * A milestone's freeze checklist, failing items first, each with its reason and links to
 * the evidence that decided it; the passing items folded into one line that opens to show
 * them. With `onlyFailing`, the failing items only.
 */
export const MilestoneChecklist = (props: {
  milestoneId: string;
  items: ChecklistItem[];
  onlyFailing?: boolean;
  evidenceBasePath?: string;
}) => {
  const { milestoneId, items, onlyFailing, evidenceBasePath } = props;
  const failing = items.filter(item => !item.passed);
  const passing = items.filter(item => item.passed);
  return (
    <List
      dense
      disablePadding
      aria-label={
        onlyFailing
          ? `Failing checklist items of ${milestoneId}`
          : `Freeze checklist of ${milestoneId}`
      }
    >
      {failing.map(item => (
        <ChecklistRow
          key={item.id}
          item={item}
          evidenceBasePath={evidenceBasePath}
        />
      ))}
      {!onlyFailing && passing.length > 0 && (
        <PassingChecks
          milestoneId={milestoneId}
          passing={passing}
          total={items.length}
          evidenceBasePath={evidenceBasePath}
        />
      )}
    </List>
  );
};
