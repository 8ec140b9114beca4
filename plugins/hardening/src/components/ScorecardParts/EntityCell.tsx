import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { refName } from '../../utils/scorecards';
import { principalName } from '../Words';

/** A team or user by name (`payments`, `ops/sre`), any other entity by its name. */
function entityName(entityRef: string): string {
  const principal = principalName(entityRef);
  return principal === entityRef ? refName(entityRef) : principal;
}

/**
 * An entity (or group) as a link to its catalog page, named by its title or its name:
 * the ref is where the link goes, not text to read.
 */
export const EntityCell = (props: { entityRef: string; title?: string }) => {
  const entityLink = useEntityRefLink();
  return (
    <Link to={entityLink(props.entityRef)}>
      {props.title ?? entityName(props.entityRef)}
    </Link>
  );
};
