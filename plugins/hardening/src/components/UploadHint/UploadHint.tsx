import { CopyTextButton, EmptyState } from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { useEntityCompoundRef } from '../../hooks';
import {
  cliUploadCommand,
  curlUploadCommand,
  UploadExample,
} from './uploadCommands';

const useStyles = makeStyles(theme => ({
  copyable: { display: 'flex', alignItems: 'flex-start' },
  command: {
    flex: 1,
    minWidth: 0,
    margin: theme.spacing(1, 0, 0),
    padding: theme.spacing(1.5),
    overflowX: 'auto',
    whiteSpace: 'pre',
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    background: theme.palette.background.default,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** The Hardening API's base URL, once discovery answers. */
export function useApiBaseUrl(): string | undefined {
  const discoveryApi = useApi(discoveryApiRef);
  const { value } = useAsync(
    () => discoveryApi.getBaseUrl('hardening'),
    [discoveryApi],
  );
  return value;
}

/** The `curl` command of `example` for the current entity (see {@link curlUploadCommand}). */
export function useUploadCommand(example: UploadExample): string {
  const { entityRef } = useEntityCompoundRef();
  return curlUploadCommand(example, entityRef, useApiBaseUrl());
}

/**
 * A shell command, shown as a block that can be selected and copied; with `copyLabel`, a
 * button of that name beside it copies it.
 */
export const CommandBlock = (props: {
  command: string;
  label: string;
  copyLabel?: string;
}) => {
  const { command, label, copyLabel } = props;
  const classes = useStyles();
  const block = (
    <pre className={classes.command} aria-label={label}>
      <code>{command}</code>
    </pre>
  );
  if (!copyLabel) return block;
  return (
    <div className={classes.copyable}>
      {block}
      <CopyTextButton
        text={command}
        tooltipText="Command copied"
        aria-label={copyLabel}
      />
    </div>
  );
};

/**
 * The empty state of a section: what is missing, and the command that uploads the first
 * piece of evidence for this entity. Evidence CI uploads is shown with the `hardening`
 * CLI and trusted publishing first (a GitHub Actions job's OIDC ID token, no secret),
 * then with a static token; other uploads (milestones, contracts, runbooks) with curl.
 */
export const UploadHint = (props: {
  title: string;
  description: string | JSX.Element;
  example: UploadExample;
}) => {
  const { title, description, example } = props;
  const { entityRef, entityRefString } = useEntityCompoundRef();
  const baseUrl = useApiBaseUrl();
  const curl = curlUploadCommand(example, entityRef, baseUrl);
  const cli = cliUploadCommand(example, entityRefString, baseUrl);
  return (
    <EmptyState
      missing="data"
      title={title}
      description={description}
      action={
        cli ? (
          <div>
            <Typography variant="body2">
              From a GitHub Actions job with{' '}
              <code>{'permissions: { id-token: write }'}</code> (trusted
              publishing: no secret to store; the entity&apos;s{' '}
              <code>github.com/project-slug</code> annotation names the
              repository):
            </Typography>
            <CommandBlock command={cli} label={`Upload command: ${title}`} />
            <Typography variant="body2">Or with a static token:</Typography>
            <CommandBlock
              command={curl}
              label={`Static-token upload command: ${title}`}
            />
          </div>
        ) : (
          <CommandBlock command={curl} label={`Upload command: ${title}`} />
        )
      }
    />
  );
};
