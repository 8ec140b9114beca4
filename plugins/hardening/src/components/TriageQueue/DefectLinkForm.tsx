import {
  defectLinkRequestSchema,
  TriageQueueItem,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, useState } from 'react';
import { failureLabel } from '../../utils/triage';

/** Why a URL cannot be recorded, in the backend's words, or undefined when it can. */
function urlProblem(url: string): string | undefined {
  const parsed = defectLinkRequestSchema.safeParse({ url });
  return parsed.success
    ? undefined
    : parsed.error.issues.map(issue => issue.message).join('; ');
}

/**
 * The field and button that record the issue a defect was filed as. The lifecycle only
 * allows it on a classified or defect-filed failure; on an open one it says to classify
 * first.
 */
export const DefectLinkForm = (props: {
  item: TriageQueueItem;
  busy: boolean;
  onSubmit: (url: string) => void;
}) => {
  const { item, busy, onSubmit } = props;
  const label = failureLabel(item);
  const [url, setUrl] = useState(item.state.defect?.url ?? '');
  const [touched, setTouched] = useState(false);
  const problem = url.trim() ? urlProblem(url.trim()) : 'enter the issue URL';

  if (item.state.status === 'open') {
    return (
      <Typography variant="body2">
        Classify {label} before recording its issue: the lifecycle goes open →
        classified → defect filed.
      </Typography>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!problem) onSubmit(url.trim());
  };

  return (
    <Box component="form" onSubmit={submit} display="flex" gridGap={8}>
      <TextField
        id={`defect-url-${item.failureId}`}
        label="Issue URL"
        value={url}
        onChange={event => setUrl(event.target.value)}
        onBlur={() => setTouched(true)}
        error={touched && problem !== undefined}
        helperText={
          touched && problem
            ? problem
            : 'The issue created in the tracker, e.g. …/issues/123'
        }
        fullWidth
        size="small"
        variant="outlined"
      />
      <Button
        type="submit"
        variant="contained"
        color="primary"
        disabled={busy}
        aria-label={`Record defect link for ${label}`}
      >
        {busy ? 'Recording…' : 'Record'}
      </Button>
    </Box>
  );
};
