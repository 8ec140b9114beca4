import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BackendProcess } from '../backendProcess';
import { HardeningDatabase } from '../hardeningDatabase';
import { HttpError } from '../hardeningApi';
import {
  countLines,
  linesSince,
  logEnd,
  succeededAuditEvents,
} from '../logLines';
import { Replica } from '../replica';

type Task = {
  id: string;
  /** Text of the line each run logs once. */
  logs: string;
  /** The audit event each run records, counted by its `succeeded` line. */
  auditEventId?: string;
  /** The initial delay of its worker on each replica, as the harness sets it. */
  initialDelay: string;
};

/**
 * The Hardening plugin's global tasks, the line each run of one logs once, and the
 * initial delay of its worker on each replica (a worker takes no run, triggered or not,
 * before it has waited that long after its backend started).
 */
export const HARDENING_TASKS: readonly Task[] = [
  {
    id: 'hardening-scorecard-snapshot',
    logs: 'Hardening scorecard snapshot of ',
    initialDelay: '1 min (fixed in the plugin)',
  },
  {
    id: 'hardening-runbook-refresh',
    logs: 'Hardening runbook refresh: ',
    initialDelay: '5 s (hardening.runbooks.refresh.initialDelay)',
  },
  {
    id: 'hardening-retention-prune',
    logs: 'test results folded into daily aggregates',
    auditEventId: 'retention-prune',
    initialDelay: '5 s (hardening.retention.initialDelay)',
  },
];

const SCHEDULER = '/api/hardening/.backstage/scheduler/v1/tasks';

const taskListSchema = z.object({
  tasks: z.array(
    z.looseObject({
      taskId: z.string(),
      scope: z.string(),
      taskState: z
        .looseObject({
          status: z.string(),
          lastRunEndedAt: z.string().optional(),
        })
        .nullable(),
      workerState: z.looseObject({ status: z.string() }).nullable(),
    }),
  ),
});

/**
 * Each global task of the plugin triggered through the scheduler's REST API on both
 * replicas at the same moment: it must have one row in the scheduler's table of the
 * Hardening database, run to its end, and have logged its run once across the two
 * replicas' logs (a run on each would log it twice); the retention prune also its
 * `retention-prune` audit event, once, on the replica that ran it.
 */
export async function checkScheduledTasksOnce(
  replicas: readonly Replica[],
  backends: readonly BackendProcess[],
  database: HardeningDatabase,
): Promise<string> {
  const rows = await database.scheduledTaskRows();
  for (const task of HARDENING_TASKS) {
    const n = rows.filter(id => id === task.id).length;
    if (n !== 1) throw new Error(`${n} rows of task ${task.id}, not 1`);
  }
  const checked = HARDENING_TASKS;
  const listAll = () =>
    Promise.all(replicas.map(r => r.read.get(SCHEDULER, taskListSchema)));
  const workerIdle = (list: z.infer<typeof taskListSchema>, task: Task) =>
    list.tasks.find(x => x.taskId === task.id)?.workerState?.status === 'idle';

  // Each replica's worker first waits out the task's initial delay.
  const ready = Date.now() + 120_000;
  for (;;) {
    const lists = await listAll();
    if (checked.every(task => lists.every(l => workerIdle(l, task)))) break;
    if (Date.now() > ready) {
      throw new Error(
        `workers still waiting by the deadline: ${JSON.stringify(
          lists.map(l => l.tasks.map(t => [t.taskId, t.workerState])),
        )}`,
      );
    }
    await sleep(500);
  }

  const offsets = backends.map(b => logEnd(b.logFile));
  const triggeredAt = Date.now();
  const answers = await Promise.all(
    checked.flatMap(task =>
      replicas.map(async r => {
        const path = `${SCHEDULER}/${task.id}/trigger`;
        const answer = await r.read.send('POST', path);
        if (answer.status !== 200 && answer.status !== 409) {
          throw new HttpError(
            `${r.name} POST ${path}`,
            answer.status,
            answer.text,
          );
        }
        return { task: task.id, status: answer.status };
      }),
    ),
  );
  for (const task of checked) {
    if (!answers.some(a => a.task === task.id && a.status === 200)) {
      throw new Error(`no replica accepted the trigger of ${task.id}`);
    }
  }

  // Done when the run has ended and neither replica's worker is running it.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const lists = await listAll();
    const done = checked.every(task =>
      lists.every(list => {
        const t = list.tasks.find(x => x.taskId === task.id);
        const ended = t?.taskState?.lastRunEndedAt;
        return (
          t?.taskState?.status === 'idle' &&
          t.workerState?.status === 'idle' &&
          ended !== undefined &&
          Date.parse(ended) >= triggeredAt - 1000
        );
      }),
    );
    if (done) break;
    if (Date.now() > deadline) {
      throw new Error(
        `the triggered tasks had not all ended by the deadline: ${JSON.stringify(
          lists[0].tasks.map(t => [t.taskId, t.taskState]),
        )}`,
      );
    }
    await sleep(250);
  }

  const logs = backends.map((b, i) => linesSince(b.logFile, offsets[i]));
  const once = (task: Task, what: string, counts: number[]) => {
    const total = counts.reduce((s, n) => s + n, 0);
    if (total !== 1) {
      throw new Error(
        `${
          task.id
        }: ${what} ${total} times after one trigger on each replica (${counts.join(
          ' + ',
        )})`,
      );
    }
    return backends[counts.indexOf(1)].name;
  };
  const report: string[] = [];
  for (const task of checked) {
    const ranOn = once(
      task,
      'ran',
      logs.map(lines => countLines(lines, task.logs)),
    );
    let audited = '';
    if (task.auditEventId) {
      const eventId = task.auditEventId;
      const auditedOn = once(
        task,
        `audited ${eventId}`,
        logs.map(lines => succeededAuditEvents(lines, eventId)),
      );
      if (auditedOn !== ranOn) {
        throw new Error(
          `${task.id} ran on ${ranOn} but was audited on ${auditedOn}`,
        );
      }
      audited = `, one ${task.auditEventId} audit event`;
    }
    const statuses = answers
      .filter(a => a.task === task.id)
      .map(a => a.status)
      .join('/');
    report.push(
      `${task.id}: triggered on both (${statuses}), ran once${audited}, on ${ranOn} (initial delay ${task.initialDelay})`,
    );
  }
  return [
    `one row per task in the scheduler table (${HARDENING_TASKS.length} tasks)`,
    ...report,
  ].join('\n    ');
}
