import { AuditorService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { AuditChainStore } from '../database/AuditChainStore';
import { EvidenceStore } from '../database/EvidenceStore';
import { TestHistoryStore } from '../database/TestHistoryStore';
import { ScorecardService } from '../scorecard/ScorecardService';
import { EntityAccessCheck } from '../service/entityAccess';
import { MilestoneEvents } from '../service/milestoneEvents';
import { MilestoneService } from '../service/milestoneService';
import { TriageCatalog } from '../triage/triageCatalog';
import { TriageService } from '../triage/TriageService';
import { registerEvidenceActions } from './evidenceActions';
import { registerMilestoneActions } from './milestoneActions';
import { registerScorecardActions } from './scorecardActions';
import { registerTriageActions } from './triageActions';

/** The services the routes use, which the actions call too. */
export type HardeningActionServices = {
  checkEntityAccess: EntityAccessCheck;
  auditor: AuditorService;
  store: EvidenceStore;
  chains: AuditChainStore;
  testHistory: TestHistoryStore;
  milestones: MilestoneService;
  events: MilestoneEvents;
  triage: TriageService;
  catalog: TriageCatalog;
  scorecards: ScorecardService;
  clock: () => Date;
};

/**
 * Registers the Hardening actions (see docs/actions.md) with the actions registry, which
 * serves them to other plugins and, through the MCP actions plugin, to assistants. Each
 * runs with its caller's credentials through the routes' access checks and services, so
 * an action can do no more than its caller could through the routes.
 */
export function registerHardeningActions(
  registry: ActionsRegistryService,
  services: HardeningActionServices,
) {
  const context = { registry, ...services };
  registerMilestoneActions(context);
  registerEvidenceActions(context);
  registerTriageActions(context);
  registerScorecardActions(context);
}
