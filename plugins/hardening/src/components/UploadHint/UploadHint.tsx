import { EmptyState } from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/frontend-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { entityApiPath } from '../../api';
import { useEntityCompoundRef } from '../../hooks';

const useStyles = makeStyles(theme => ({
  command: {
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

/** What a first upload looks like for one evidence route. */
export type UploadExample = {
  method: 'POST' | 'PUT';
  /** Path below the entity, with query string, e.g. `/test-reports?commit=$GIT_SHA`. */
  path: string;
  contentType: string;
  /** The file sent as the body, e.g. `junit.xml`. */
  file: string;
  /** The environment variable holding the token, `HARDENING_CI_TOKEN` by default. */
  tokenVariable?: string;
};

/** The exact `curl` command for an upload to the current entity. */
export function useUploadCommand(example: UploadExample): string {
  const discoveryApi = useApi(discoveryApiRef);
  const { entityRef } = useEntityCompoundRef();
  const { value: baseUrl } = useAsync(
    () => discoveryApi.getBaseUrl('hardening'),
    [discoveryApi],
  );
  const url = `${baseUrl ?? '$BACKSTAGE_URL/api/hardening'}${entityApiPath(
    entityRef,
  )}${example.path}`;
  return [
    `curl --fail-with-body -X ${example.method} \\`,
    `  -H "Authorization: Bearer $${
      example.tokenVariable ?? 'HARDENING_CI_TOKEN'
    }" \\`,
    `  -H 'Content-Type: ${example.contentType}' \\`,
    `  --data-binary @${example.file} \\`,
    `  "${url}"`,
  ].join('\n');
}

/** A shell command, shown as a block that can be selected and copied. */
export const CommandBlock = (props: { command: string; label: string }) => {
  const classes = useStyles();
  return (
    <pre className={classes.command} aria-label={props.label}>
      <code>{props.command}</code>
    </pre>
  );
};

/**
 * The empty state of a section: what is missing, and the command that uploads the first
 * piece of evidence for this entity.
 */
export const UploadHint = (props: {
  title: string;
  description: string | JSX.Element;
  example: UploadExample;
}) => {
  const { title, description, example } = props;
  const command = useUploadCommand(example);
  return (
    <EmptyState
      missing="data"
      title={title}
      description={description}
      action={
        <CommandBlock command={command} label={`Upload command: ${title}`} />
      }
    />
  );
};
