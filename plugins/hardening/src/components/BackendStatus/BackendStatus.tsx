import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { hardeningApiRef } from '../../api';
import { useEntityCompoundRef } from '../../hooks';

/** Which entity the evidence belongs to, and whether the backend answers (its schema version). */
export const BackendStatus = () => {
  const api = useApi(hardeningApiRef);
  const { entityRefString } = useEntityCompoundRef();
  const { value, error, loading } = useAsync(() => api.getHealth(), [api]);
  let backend = 'checking the Hardening backend…';
  if (error) backend = `Hardening backend unreachable: ${error.message}`;
  else if (!loading)
    backend = `stored by the Hardening backend (database schema ${
      value?.schemaVersion ?? 'not migrated'
    })`;
  return (
    <Typography variant="body2" color="textSecondary">
      Evidence for <code>{entityRefString}</code>, {backend}.
    </Typography>
  );
};
