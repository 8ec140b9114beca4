import { ChecklistItem } from '@hardening/backstage-plugin-hardening-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
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
}));

/**
 * The items of a milestone's freeze checklist: pass or fail, the reason, and links to
 * the evidence that decided each item. With `onlyFailing`, the failing items only.
 */
export const MilestoneChecklist = (props: {
  milestoneId: string;
  items: ChecklistItem[];
  onlyFailing?: boolean;
  evidenceBasePath?: string;
}) => {
  const { milestoneId, items, onlyFailing, evidenceBasePath } = props;
  const classes = useStyles();
  const shown = onlyFailing ? items.filter(item => !item.passed) : items;
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
      {shown.map(item => (
        <ListItem
          key={item.id}
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
      ))}
    </List>
  );
};
