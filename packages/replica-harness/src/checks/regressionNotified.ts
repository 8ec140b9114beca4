import { setTimeout as sleep } from 'node:timers/promises';
import { HARDENING_MILESTONES_SIGNAL_CHANNEL } from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { BackendProcess } from '../backendProcess';
import { ciQuery, stressRunBody } from '../evidenceKinds';
import { entityPath, HttpError, ReplicaClient } from '../hardeningApi';
import { linesSince, logEnd, succeededAuditEvents } from '../logLines';
import {
  freezeMilestone,
  prepareFreezableMilestone,
} from '../milestoneEvidence';
import { notificationsOfScope } from '../notificationsDatabase';
import { Replica } from '../replica';
import { SignalsSocket } from '../signalsSocket';
import { GUEST_USER, signInAsGuest } from '../userSession';

const NOTIFICATIONS_CHANNEL = 'notifications';
const REGRESSION_TOPIC = 'hardening-milestone-regressed';

const milestoneSignalSchema = z.looseObject({
  entityRef: z.string(),
  milestoneId: z.string(),
  state: z.string(),
});
const newNotificationSchema = z.looseObject({
  action: z.literal('new_notification'),
  notification_id: z.string(),
});
const notificationListSchema = z.looseObject({
  notifications: z.array(
    z.looseObject({
      id: z.string(),
      payload: z.looseObject({ topic: z.string().optional() }),
    }),
  ),
});

/**
 * What `@backstage/plugin-events-node` logs when a plugin gives up the events bus for the
 * rest of the process's life (`events.useEventBus: auto` after a 404 at start-up).
 */
const BUS_ABANDONED = [
  'Will only receive events that were sent locally on this process',
  'Future events will not be persisted',
];

/** How long a duplicate has to arrive after the first signal before the count is taken. */
const SETTLE_MS = 2000;

async function waitFor(
  what: string,
  deadline: number,
  done: () => boolean,
): Promise<number> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`no ${what} by the deadline`);
    await sleep(50);
  }
  return Date.now() - started;
}

/**
 * A frozen milestone's regression, caused by uploads on both replicas at once, reaches
 * its owner once, whichever replica the owner's page is connected to:
 *
 * 0. No plugin of either replica gave up the events bus while starting.
 * 1. The guest user (team-payments, which owns `entity`) declares a milestone whose
 *    checklist is green (contract, results, stress run, e2e reports, gates, tag uploaded
 *    by CI) and, with a signals connection open to each replica, freezes it on replica A.
 *    Both connections get the freeze's signal: B's through the events bus.
 * 2. CI uploads a stress run whose negative phase leaked to A and another to B at the
 *    same moment. The milestone is marked regressed once (one `milestone-regressed`
 *    audit event across both logs), the owners are notified once (one row per user in
 *    the notifications database, never re-sent) and each connection gets exactly one
 *    `regressed` signal and one `new_notification` signal naming that row; B's
 *    notifications API lists it once.
 */
export async function checkRegressionNotifiedOnce(
  replicas: readonly Replica[],
  backends: readonly BackendProcess[],
  options: {
    entity: string;
    milestoneId: string;
    runTag: string;
    notificationsDatabaseUrl: string;
  },
): Promise<string> {
  const { entity, milestoneId, runTag } = options;
  const [a, b] = replicas;
  for (const backend of backends) {
    const abandoned = linesSince(backend.logFile, backend.logOffset).filter(
      line => BUS_ABANDONED.some(text => line.includes(text)),
    );
    if (abandoned.length > 0) {
      throw new Error(
        `${backend.name} gave up the events bus at start-up (is events.useEventBus 'always'?): ${abandoned[0]}`,
      );
    }
  }
  const session = await signInAsGuest(backends[0].origin);
  if (session.userEntityRef !== GUEST_USER) {
    throw new Error(`signed in as ${session.userEntityRef}, not ${GUEST_USER}`);
  }
  const userOn = (i: number) =>
    new ReplicaClient(replicas[i].name, backends[i].origin, session.token);

  await prepareFreezableMilestone({
    user: userOn(0),
    upload: a.upload,
    entity,
    milestoneId,
    runTag,
  });

  const deadline = () => Date.now() + 20_000;
  const sockets = await Promise.all(
    backends.map(backend =>
      SignalsSocket.connect({
        replica: backend.name,
        origin: backend.origin,
        token: session.token,
        channels: [HARDENING_MILESTONES_SIGNAL_CHANNEL, NOTIFICATIONS_CHANNEL],
        deadline: deadline(),
      }),
    ),
  );
  try {
    // The subscribe messages go before the freeze request on another connection.
    await sleep(300);
    const milestoneSignals = (socket: SignalsSocket, state: string) =>
      socket.on(HARDENING_MILESTONES_SIGNAL_CHANNEL, message => {
        const m = milestoneSignalSchema.safeParse(message);
        return (
          m.success &&
          m.data.entityRef === entity &&
          m.data.milestoneId.toLowerCase() === milestoneId.toLowerCase() &&
          m.data.state === state
        );
      });
    const notificationSignals = (socket: SignalsSocket) =>
      socket
        .on(NOTIFICATIONS_CHANNEL)
        .map(s => newNotificationSchema.safeParse(s.message))
        .flatMap(m => (m.success ? [m.data.notification_id] : []));

    await freezeMilestone(userOn(0), entity, milestoneId);
    const frozenAfter = await waitFor(
      'freeze signal on both connections',
      deadline(),
      () => sockets.every(s => milestoneSignals(s, 'frozen').length > 0),
    );

    const offsets = backends.map(backend => logEnd(backend.logFile));
    const leaking = await Promise.all(
      replicas.map((r, i) =>
        r.upload.send(
          'POST',
          `${entityPath(entity)}/stress-runs${ciQuery(`${runTag}-leak`, i)}`,
          {
            contentType: 'application/json',
            bytes: stressRunBody({ leaks: 3 }),
          },
        ),
      ),
    );
    leaking.forEach((answer, i) => {
      if (answer.status !== 201) {
        throw new HttpError(
          `${replicas[i].name} leaking stress run`,
          answer.status,
          answer.text,
        );
      }
    });
    const signalledAfter = await waitFor(
      'regression and notification signals on both connections',
      deadline(),
      () =>
        sockets.every(
          s =>
            milestoneSignals(s, 'regressed').length > 0 &&
            notificationSignals(s).length > 0,
        ),
    );
    await sleep(SETTLE_MS);

    const counts = sockets.map(s => ({
      replica: s.replica,
      frozen: milestoneSignals(s, 'frozen').length,
      regressed: milestoneSignals(s, 'regressed').length,
      notifications: notificationSignals(s),
    }));
    for (const c of counts) {
      if (c.frozen !== 1 || c.regressed !== 1 || c.notifications.length !== 1) {
        throw new Error(
          `the guest's connection to ${c.replica} got ${c.frozen} freeze, ${c.regressed} regression and ${c.notifications.length} notification signals, not one each`,
        );
      }
    }

    const logs = backends.map((backend, i) =>
      linesSince(backend.logFile, offsets[i]),
    );
    const audited = logs.map(lines =>
      succeededAuditEvents(lines, 'milestone-regressed'),
    );
    if (audited[0] + audited[1] !== 1) {
      throw new Error(
        `milestone-regressed audited ${audited.join(' + ')} times, not once`,
      );
    }
    const markedOn = backends[audited.indexOf(1)].name;

    const scope = `hardening:${entity}:${milestoneId}`;
    const stored = await notificationsOfScope(
      options.notificationsDatabaseUrl,
      scope,
    );
    const users = stored.map(n => n.user);
    const guestRows = stored.filter(n => n.user === GUEST_USER);
    if (
      guestRows.length !== 1 ||
      new Set(users).size !== users.length ||
      stored.some(n => n.updated !== null)
    ) {
      throw new Error(
        `notifications of scope ${scope} in the database: ${JSON.stringify(
          stored,
        )}; expected one row per owner, the guest's among them, none sent again`,
      );
    }
    const notificationId = guestRows[0].id;
    const signalled = counts.map(c => c.notifications[0]);
    if (signalled.some(id => id !== notificationId)) {
      throw new Error(
        `the notification signals name ${signalled.join(
          ', ',
        )}, the stored notification is ${notificationId}`,
      );
    }
    const listed = (
      await userOn(1).get(
        `/api/notifications/notifications?limit=50&topic=${REGRESSION_TOPIC}`,
        notificationListSchema,
      )
    ).notifications.filter(n => n.payload.topic === REGRESSION_TOPIC);
    if (listed.length !== 1 || listed[0].id !== notificationId) {
      throw new Error(
        `${b.name}'s notifications API lists ${JSON.stringify(
          listed.map(n => n.id),
        )} for the guest, not ${notificationId}`,
      );
    }

    return [
      `the guest froze ${milestoneId} of ${entity} on ${a.name}: the freeze signal reached its connections to both replicas (${frozenAfter} ms)`,
      `leaking stress runs uploaded to both at once: marked regressed once, on ${markedOn} (one milestone-regressed audit event); ${stored.length} notification rows (one per owner), none sent again`,
      `each connection (${counts
        .map(c => c.replica)
        .join(
          ', ',
        )}) got one regression signal and one new_notification signal for it (${signalledAfter} ms), and no more in the next ${
        SETTLE_MS / 1000
      } s; ${b.name}'s notifications API lists it once`,
    ].join('\n    ');
  } finally {
    for (const socket of sockets) socket.close();
  }
}
