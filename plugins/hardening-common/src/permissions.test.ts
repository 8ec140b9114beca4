import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  hardeningEvidenceCreatePermission,
  hardeningEvidenceReadPermission,
  hardeningMilestoneManagePermission,
  hardeningPermissions,
  hardeningRetentionReadPermission,
  hardeningTriageManagePermission,
} from './permissions';

describe('hardening permissions', () => {
  it('are catalog-entity resource permissions so that ownership rules can apply, but the retention listing of entities no longer in the catalog', () => {
    for (const permission of hardeningPermissions) {
      expect(isResourcePermission(permission, 'catalog-entity')).toBe(
        permission !== hardeningRetentionReadPermission,
      );
    }
    expect(hardeningRetentionReadPermission.type).toBe('basic');
  });

  it('have unique names in the hardening namespace', () => {
    const names = hardeningPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      'hardening.evidence.read',
      'hardening.evidence.create',
      'hardening.milestone.manage',
      'hardening.triage.manage',
      'hardening.retention.read',
    ]);
  });

  it('map to the action a policy expects', () => {
    expect(hardeningEvidenceReadPermission.attributes.action).toBe('read');
    expect(hardeningEvidenceCreatePermission.attributes.action).toBe('create');
    expect(hardeningMilestoneManagePermission.attributes.action).toBe('update');
    expect(hardeningTriageManagePermission.attributes.action).toBe('update');
    expect(hardeningRetentionReadPermission.attributes.action).toBe('read');
  });
});
