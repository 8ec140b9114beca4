import { Link, Progress } from '@backstage/core-components';
import { DefectDraft } from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { LoadState } from '../AsyncContent';
import { CopyButton } from '../CopyButton';
import { StatusLabel } from '../StatusLabel';
import { serverMessage } from '../../utils/errors';

const useStyles = makeStyles(theme => ({
  markdown: {
    margin: theme.spacing(1, 0),
    padding: theme.spacing(1.5),
    maxHeight: '50vh',
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

function templateText(draft: DefectDraft): string {
  const { template } = draft;
  if (template.kind === 'annotation') {
    return `the entity's template ${template.ref ?? ''}`.trim();
  }
  if (template.kind === 'config') {
    return `the template configured for ${template.ref ?? 'its owner'}`;
  }
  return 'the built-in template';
}

/**
 * The defect of a failure as the backend rendered it: the Markdown to copy, the link
 * that opens a prefilled issue in the entity's tracker, and (`recordForm`) where to
 * record the issue once it exists.
 */
export const DefectDialog = (props: {
  label: string;
  open: boolean;
  draft: LoadState<DefectDraft>;
  recordForm: ReactNode;
  onClose: () => void;
}) => {
  const { label, open, draft, recordForm, onClose } = props;
  const classes = useStyles();
  const titleId = `defect-dialog-title-${label}`;
  const value = draft.value;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>Defect for {label}</DialogTitle>
      <DialogContent>
        {draft.error && (
          <Typography role="alert" variant="body2">
            <StatusLabel kind="error">
              Could not render the defect: {serverMessage(draft.error)}
            </StatusLabel>
          </Typography>
        )}
        {!value && !draft.error && <Progress />}
        {value && (
          <>
            <Typography variant="subtitle1" component="p">
              {value.title}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              Filled from {templateText(value)}.
            </Typography>
            {value.template.warning && (
              <Typography variant="body2">
                <StatusLabel kind="warning">
                  {value.template.warning}
                </StatusLabel>
              </Typography>
            )}
            <pre className={classes.markdown} aria-label="Defect Markdown">
              {value.markdown}
            </pre>
            <Box
              display="flex"
              flexWrap="wrap"
              alignItems="center"
              gridGap={16}
            >
              <CopyButton text={value.markdown} label="Copy as Markdown">
                Copy as Markdown
              </CopyButton>
              {value.newIssue ? (
                <Link to={value.newIssue.url} target="_blank" rel="noopener">
                  Open issue in tracker
                </Link>
              ) : (
                <Typography variant="body2">
                  The entity's source location is not a GitHub or GitLab
                  repository: paste the copied Markdown into your tracker.
                </Typography>
              )}
            </Box>
            {value.newIssue?.truncated && (
              <Typography variant="body2">
                <StatusLabel kind="warning">
                  The issue body was shortened to fit in the link: paste the
                  copied Markdown over it.
                </StatusLabel>
              </Typography>
            )}
            <Box mt={3}>
              <Typography variant="subtitle2" component="h3" gutterBottom>
                Record the filed issue
              </Typography>
              {recordForm}
            </Box>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
};
