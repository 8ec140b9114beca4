import { AuditChainAction } from './entry';

/**
 * Actions only the portal writes: the backend appends them to an entity's chain itself,
 * on a user's request (a `freeze` when a milestone is frozen). An upload may not add
 * them, nor may `hardening chain append`; an uploaded file may only repeat, unchanged,
 * the ones already stored (the stored chain includes them).
 *
 * @public
 */
export const PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS = {
  freeze: 'when a milestone is frozen',
} as const satisfies Partial<Record<AuditChainAction, string>>;

/** @public */
export type PortalWrittenAuditChainAction =
  keyof typeof PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS;

/**
 * Whether the portal alone writes entries with this action (see
 * {@link PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS}).
 *
 * @public
 */
export function isPortalWrittenAuditChainAction(
  action: string,
): action is PortalWrittenAuditChainAction {
  return Object.hasOwn(PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS, action);
}

/**
 * Why an entry with a portal-written action cannot come from a release script, e.g.
 * `action freeze is written by the portal only (when a milestone is frozen)`.
 *
 * @public
 */
export function describePortalWrittenAction(
  action: PortalWrittenAuditChainAction,
): string {
  return `action ${action} is written by the portal only (${PORTAL_WRITTEN_AUDIT_CHAIN_ACTIONS[action]})`;
}
