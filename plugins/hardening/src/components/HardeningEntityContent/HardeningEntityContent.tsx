import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { hardeningApiRef } from '../../api';

/**
 * The "Hardening" tab on an entity page. For now it shows which entity the evidence
 * will belong to and whether the Hardening backend is reachable.
 */
export const HardeningEntityContent = () => {
  const { entity } = useEntity();
  const hardeningApi = useApi(hardeningApiRef);
  const { value, loading, error } = useAsync(
    () => hardeningApi.getHealth(),
    [hardeningApi],
  );
  const entityRef = stringifyEntityRef(entity);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel title="Hardening backend unreachable" error={error} />
    );
  }

  return (
    <InfoCard title="Hardening">
      <Typography variant="body1" paragraph>
        Hardening evidence for <code>{entityRef}</code> is stored by the
        Hardening backend (database schema{' '}
        {value?.schemaVersion ?? 'not migrated'}).
      </Typography>
      <Typography variant="body2" color="textSecondary">
        No evidence views are available in this version yet.
      </Typography>
    </InfoCard>
  );
};
