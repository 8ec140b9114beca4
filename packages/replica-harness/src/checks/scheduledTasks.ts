import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { BackendProcess } from '../backendProcess';
import { HardeningDatabase } from '../hardeningDatabase';
import { HttpError } from '../hardeningApi';
import { Replica } from '../replica';

/**
 * The Hardening plugin's global tasks, the line each run of one logs once, and the
 * initial delay of its worker on each replica (a worker takes no run, triggered or not,
 * before it has waited that long after its backend started).
 */
export const HARDENING_TASKS = [
  {
    id: 'hardening-scorecard-snapshot',
    logs: 'Hardening scorecard snapshot of ',
    initialDelay: '1 min (fixed in the plugin)',
    checked: true,
  },
  {
    id: 'hardening-runbook-refresh',
    logs: 'Hardening runbook refresh: ',
    initialDelay: '5 s (hardening.runbooks.refresh.initialDelay)',
    checked: true,
  },
  {
    id: 'hardening-retention-prune',
    logs: 'test results folded into daily aggregates',
    initialDelay: '5 min (fixed in the plugin)',
    checked: false,
  },
] as const;

type Task = (typeof HARDENING_TASKS)[number];

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

/** How often `text` occurs in the log file after byte `from`. */
function occurrencesSince(file: string, from: number, text: string): number {
  const size = statSync(file).size;
  const buffer = Buffer.alloc(Math.max(0, size - from));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8').split(text).length - 1;
}

/**
 * Each global task of the plugin (but those whose initial delay outlasts a run of the
 * harness) triggered through the scheduler's REST API on both
 * replicas at the same moment: it must have one row in the scheduler's table of the
 * Hardening database, run to its end, and have logged its run once across the two
 * replicas' logs (a run on each would log it twice).
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
  const checked: readonly Task[] = HARDENING_TASKS.filter(t => t.checked);
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

  const offsets = backends.map(b => statSync(b.logFile).size);
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

  const report: string[] = [];
  for (const task of checked) {
    const counts = backends.map((b, i) =>
      occurrencesSince(b.logFile, offsets[i], task.logs),
    );
    const total = counts.reduce((s, n) => s + n, 0);
    if (total !== 1) {
      throw new Error(
        `${
          task.id
        } ran ${total} times after one trigger on each replica (${counts.join(
          ' + ',
        )})`,
      );
    }
    const statuses = answers
      .filter(a => a.task === task.id)
      .map(a => a.status)
      .join('/');
    report.push(
      `${task.id}: triggered on both (${statuses}), ran once, on ${
        backends[counts.indexOf(1)].name
      }`,
    );
  }
  for (const task of HARDENING_TASKS.filter(t => !t.checked)) {
    report.push(
      `${task.id}: not triggered, its workers wait ${task.initialDelay} after start`,
    );
  }
  return [
    `one row per task in the scheduler table (${HARDENING_TASKS.length} tasks)`,
    ...report,
  ].join('\n    ');
}
