import { usePermission } from '@backstage/plugin-permission-react';
import { hardeningMilestoneManagePermission } from '@hardening/backstage-plugin-hardening-common';
import { useEntityCompoundRef } from './useEntityCompoundRef';

/**
 * Whether the signed-in user is allowed `hardening.milestone.manage` on the current
 * entity (define, edit and freeze its milestones). Hiding the controls is a convenience:
 * the backend checks the same permission again.
 */
export function useCanManageMilestones(): boolean {
  const { entityRefString } = useEntityCompoundRef();
  const { allowed } = usePermission({
    permission: hardeningMilestoneManagePermission,
    resourceRef: entityRefString,
  });
  return allowed;
}
