import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  HARDENING_MILESTONES_SIGNAL_CHANNEL,
  MilestonesSignal,
} from '@hardening/backstage-plugin-hardening-common';
import { Request } from 'express';
import { ownerOf } from '../catalog';
import { TestOwnership } from '../codeowners/TestOwnership';
import { MilestoneService } from './milestoneService';

/** The Hardening tab of an entity's page, as the notification links it. */
export function hardeningTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/hardening`;
}

export type MilestoneEventsOptions = {
  milestones: MilestoneService;
  auditor: AuditorService;
  logger?: LoggerService;
  /** Absent when the notifications backend is not installed: owners are then not notified. */
  notifications?: NotificationService;
  /** Absent when the signals backend is not installed: pages then do not refresh by themselves. */
  signals?: SignalsService;
  /** Where signals find the entity's owner (read with the plugin's own credentials). */
  catalog: CatalogService;
  auth: AuthService;
  /**
   * Owners of the failing tests of the entity's newest test report (CODEOWNERS): a
   * regression notifies them instead of the entity's owner when any maps to the catalog.
   */
  ownership?: TestOwnership;
};

/**
 * What happens around milestones besides the HTTP answer: after evidence is stored for an
 * entity, its frozen milestones are checked again and each one that regressed is audited,
 * its owners notified and signalled (see {@link MilestoneEvents.signal}); freezes are
 * signalled too.
 */
export class MilestoneEvents {
  constructor(private readonly options: MilestoneEventsOptions) {}

  /**
   * Publishes that a milestone's state changed, to the entity's owner (its `spec.owner`
   * as the catalog holds it: the signals backend delivers to every connected user whose
   * ownership refs include it, i.e. the owning group's members) and to `requestedBy`, the
   * user whose request changed it, so their other open pages refresh too. Nobody else
   * gets it: not a broadcast, which would tell every signed-in user which entities'
   * milestones change and how, including entities they may not read. Failures are logged,
   * never thrown.
   */
  async signal(
    message: MilestonesSignal,
    options: { requestedBy?: string } = {},
  ): Promise<void> {
    const { signals, logger } = this.options;
    if (!signals) {
      logger?.debug(
        `No ${HARDENING_MILESTONES_SIGNAL_CHANNEL} signal for ${message.entityRef}: the signals backend is not installed`,
      );
      return;
    }
    try {
      const recipients = await this.recipients(
        message.entityRef,
        options.requestedBy,
      );
      if (recipients.length === 0) {
        logger?.debug(
          `No ${HARDENING_MILESTONES_SIGNAL_CHANNEL} signal for ${message.entityRef}: it has no owner in the catalog and no user asked for the change`,
        );
        return;
      }
      await signals.publish<MilestonesSignal>({
        recipients: { type: 'user', entityRef: recipients },
        channel: HARDENING_MILESTONES_SIGNAL_CHANNEL,
        message,
      });
    } catch (error) {
      logger?.warn(
        `Could not publish the ${HARDENING_MILESTONES_SIGNAL_CHANNEL} signal for ${message.entityRef}: ${error}`,
      );
    }
  }

  /** The entity's owner (when the catalog has one) and the requesting user, once each. */
  private async recipients(
    entityRef: string,
    requestedBy?: string,
  ): Promise<string[]> {
    const { catalog, auth } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const owner = entity ? ownerOf(entity) : undefined;
    return [...new Set([owner, requestedBy].filter((r): r is string => !!r))];
  }

  /**
   * Re-evaluates the entity's frozen milestones after new evidence. Never throws: the
   * evidence is stored whatever happens here; a failure is logged.
   */
  async afterEvidenceStored(entityRef: string, req?: Request): Promise<void> {
    try {
      const regressed = await this.options.milestones.detectRegressions(
        entityRef,
      );
      for (const { milestone, checklist } of regressed) {
        const failingItems = milestone.regression?.failingItems ?? [];
        const audit = await this.options.auditor.createEvent({
          eventId: 'milestone-regressed',
          severityLevel: 'high',
          ...(req ? { request: req } : {}),
          meta: {
            entityRef,
            milestoneId: milestone.id,
            frozenTag: milestone.freeze?.tag,
            failingItems: failingItems.map(i => i.id),
          },
        });
        await audit.success();
        await this.notifyOwners(entityRef, milestone.id, failingItems);
        await this.signal({
          entityRef,
          milestoneId: milestone.id,
          state: checklist.state,
        });
      }
    } catch (error) {
      this.options.logger?.error(
        `Could not check the frozen milestones of ${entityRef} after new evidence: ${error}`,
      );
    }
  }

  /**
   * The catalog groups and users owning the failing tests of the entity's newest test
   * report (CODEOWNERS, as the refresh stored it); [] when none maps or on any failure,
   * so the notification goes to the entity (its owner) instead.
   */
  private async testOwners(entityRef: string): Promise<string[]> {
    const { ownership, catalog, auth, logger } = this.options;
    if (!ownership) return [];
    try {
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      return entity ? await ownership.failingTestRecipients(entity) : [];
    } catch (error) {
      logger?.warn(
        `Could not find the owners of the failing tests of ${entityRef}; notifying the entity's owner: ${error}`,
      );
      return [];
    }
  }

  private async notifyOwners(
    entityRef: string,
    milestoneId: string,
    failingItems: { label: string; reason: string }[],
  ) {
    const { notifications, logger } = this.options;
    if (!notifications) return;
    try {
      const owners = await this.testOwners(entityRef);
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef: owners.length > 0 ? owners : entityRef,
        },
        payload: {
          title: `Frozen milestone ${milestoneId} of ${entityRef} regressed`,
          description: [
            ...failingItems.map(i => `${i.label}: ${i.reason}`),
            ...(owners.length > 0
              ? [`Owners of the failing tests: ${owners.join(', ')}`]
              : []),
          ].join('\n'),
          link: hardeningTabPath(entityRef),
          severity: 'high',
          topic: 'hardening-milestone-regressed',
          scope: `hardening:${entityRef}:${milestoneId}`,
        },
      });
    } catch (error) {
      logger?.warn(
        `Could not notify the owners of ${entityRef} that ${milestoneId} regressed: ${error}`,
      );
    }
  }
}
