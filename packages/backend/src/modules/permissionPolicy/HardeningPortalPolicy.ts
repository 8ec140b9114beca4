import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  hardeningEvidenceCreatePermission,
  hardeningMilestoneManagePermission,
  hardeningTriageManagePermission,
} from '@hardening/backstage-plugin-hardening-common';

/** Permissions only the owners of an entity may use on it. */
const ownerOnlyPermissions = [
  hardeningEvidenceCreatePermission,
  hardeningMilestoneManagePermission,
  hardeningTriageManagePermission,
  catalogEntityDeletePermission,
];

/**
 * The portal's permission policy.
 *
 * - Signed-in users read everything (the catalog and hardening evidence).
 * - Uploading evidence, managing milestones (including freezing), triaging failures
 *   (classifying, closing, recording defects, uploading runbooks) and deleting entities
 *   is allowed to the entity's owners only: the user or one of the groups they belong to.
 * - Requests without a user (services, CI tokens) never reach a policy: Backstage lets
 *   service principals through and external tokens are limited by their own
 *   `accessRestrictions` in config.
 */
export class HardeningPortalPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownerOnly = ownerOnlyPermissions.find(p =>
      isPermission(request.permission, p),
    );
    if (!ownerOnly) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    return createCatalogConditionalDecision(
      ownerOnly,
      catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
    );
  }
}
