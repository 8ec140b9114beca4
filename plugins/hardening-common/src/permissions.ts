import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read the hardening evidence, milestones and release chains of a catalog entity.
 *
 * @public
 */
export const hardeningEvidenceReadPermission = createPermission({
  name: 'hardening.evidence.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Upload evidence (test reports, gates, stress runs, audit chains…) for a catalog entity.
 *
 * @public
 */
export const hardeningEvidenceCreatePermission = createPermission({
  name: 'hardening.evidence.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Manage the delivery contract and milestones of a catalog entity, including freezing a milestone.
 *
 * @public
 */
export const hardeningMilestoneManagePermission = createPermission({
  name: 'hardening.milestone.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Triage the failures of a catalog entity (classify them, change their status, record
 * their defects) and upload its runbooks.
 *
 * @public
 */
export const hardeningTriageManagePermission = createPermission({
  name: 'hardening.triage.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * See what retention keeps and prunes across all entities: the entities with evidence
 * that the catalog no longer has. Not tied to an entity (the entities are gone).
 *
 * @public
 */
export const hardeningRetentionReadPermission = createPermission({
  name: 'hardening.retention.read',
  attributes: { action: 'read' },
});

/**
 * Every permission the Hardening plugins define, for registration with the permissions registry.
 *
 * @public
 */
export const hardeningPermissions = [
  hardeningEvidenceReadPermission,
  hardeningEvidenceCreatePermission,
  hardeningMilestoneManagePermission,
  hardeningTriageManagePermission,
  hardeningRetentionReadPermission,
];
