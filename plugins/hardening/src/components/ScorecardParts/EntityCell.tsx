import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { refName } from '../../utils/scorecards';

/** An entity (or group) as a link to its catalog page, its ref underneath. */
export const EntityCell = (props: { entityRef: string; title?: string }) => {
  const entityLink = useEntityRefLink();
  return (
    <>
      <Link to={entityLink(props.entityRef)}>
        {props.title ?? refName(props.entityRef)}
      </Link>
      <Typography variant="caption" color="textSecondary" display="block">
        {props.entityRef}
      </Typography>
    </>
  );
};
