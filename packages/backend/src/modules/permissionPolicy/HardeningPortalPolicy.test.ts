import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  hardeningMilestoneManagePermission,
  hardeningTriageManagePermission,
} from '@hardening/backstage-plugin-hardening-common';
import { HardeningPortalPolicy } from './HardeningPortalPolicy';

const userRef = 'user:default/ana';
const user = {
  credentials: mockCredentials.user(userRef),
  info: { userEntityRef: userRef, ownershipEntityRefs: [] },
};

describe('HardeningPortalPolicy', () => {
  const userInfo = mockServices.userInfo({
    userEntityRef: userRef,
    ownershipEntityRefs: [userRef, 'group:default/team-payments'],
  });
  const policy = new HardeningPortalPolicy(userInfo);

  it.each([catalogEntityReadPermission, hardeningEvidenceReadPermission])(
    'allows every signed-in user to use %s',
    async permission => {
      expect(await policy.handle({ permission }, user)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it.each([
    hardeningEvidenceCreatePermission,
    hardeningMilestoneManagePermission,
    hardeningTriageManagePermission,
    catalogEntityDeletePermission,
  ])('limits %s to the entity owners the user belongs to', async permission => {
    expect(await policy.handle({ permission }, user)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: [userRef, 'group:default/team-payments'],
        },
      },
    });
  });

  it.each([
    hardeningMilestoneManagePermission,
    hardeningTriageManagePermission,
  ])('denies %s when there is no user', async permission => {
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
