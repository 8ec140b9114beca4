import {
  TRIAGE_CLASS_LABELS,
  TriageClass,
  TriageRouting,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * Who a failure goes to: the group `hardening.triage.routing` names for its class (the
 * class people gave it, else the suggested one), otherwise the entity's owner.
 */
export function routeFailure(options: {
  classified?: TriageClass;
  suggested?: TriageClass;
  routing: Partial<Record<TriageClass, string>>;
  entityRef: string;
  ownerRef?: string;
}): TriageRouting {
  const { classified, suggested, routing, entityRef, ownerRef } = options;
  const cls = classified ?? suggested;
  const routed = cls && routing[cls];
  if (cls && routed) {
    return {
      ownerRef: routed,
      why: `hardening.triage.routing sends ${
        TRIAGE_CLASS_LABELS[cls]
      } failures${classified ? '' : ' (suggested class)'} to this group`,
    };
  }
  const reason = cls
    ? `no route is configured for ${TRIAGE_CLASS_LABELS[cls]}`
    : 'the failure is not classified yet';
  if (!ownerRef) {
    return {
      ownerRef: entityRef,
      why: `${reason}, and the entity names no owner`,
    };
  }
  return { ownerRef, why: `the entity's owner: ${reason}` };
}
