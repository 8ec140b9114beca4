import { appendEntry } from '../chainAppend';
import { ciQuery, junitReport } from '../evidenceKinds';
import {
  entityPath,
  HttpError,
  reportPageSchema,
  summarySchema,
  transparencySchema,
  uploadResultSchema,
} from '../hardeningApi';
import { Replica } from '../replica';

/**
 * Writes on one replica and reads on the other in the very next request, in both
 * directions: a test report must be the newest of the list and of the summary (the
 * summary is kept in process per entity), and an appended chain entry must be the
 * head of the other replica's transparency log.
 */
export async function checkReadAfterWrite(
  replicas: readonly Replica[],
  options: { entity: string; rounds: number; runTag: string },
): Promise<string> {
  const base = entityPath(options.entity);
  const stale: string[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const writer = replicas[round % replicas.length];
    const reader = replicas[(round + 1) % replicas.length];
    const direction = `written on ${writer.name}, read on ${reader.name}`;

    // The summary is read first so that the reader has an answer kept for the entity.
    await reader.read.get(`${base}/summary`, summarySchema);
    const answer = await writer.upload.send(
      'POST',
      `${base}/test-reports${ciQuery(options.runTag, round)}`,
      { contentType: 'application/xml', bytes: junitReport(round, 2) },
    );
    if (answer.status !== 201) {
      throw new HttpError(
        `upload to ${writer.name}`,
        answer.status,
        answer.text,
      );
    }
    const { id } = uploadResultSchema.parse(JSON.parse(answer.text)).report;
    const summary = await reader.read.get(`${base}/summary`, summarySchema);
    const newest = summary.latest.find(r => r.kind === 'test-report')?.id;
    if (newest !== id) {
      stale.push(
        `round ${round} (${direction}): summary's test report ${newest}, not ${id}`,
      );
    }
    const list = await reader.read.get(
      `${base}/test-reports?limit=1`,
      reportPageSchema,
    );
    if (list.items[0]?.id !== id) {
      stale.push(
        `round ${round} (${direction}): newest listed ${list.items[0]?.id}, not ${id}`,
      );
    }

    await reader.read.get(
      `${base}/audit-chain/transparency`,
      transparencySchema,
    );
    const appended = await appendEntry(writer.upload, options.entity, {
      actor: `read-after-write-${writer.name}`,
      details: { round },
    });
    const log = await reader.read.get(
      `${base}/audit-chain/transparency`,
      transparencySchema,
    );
    if (log.treeSize !== appended.seq + 1) {
      stale.push(
        `round ${round} (${direction}): transparency log of ${
          log.treeSize
        } leaves, the append made ${appended.seq + 1}`,
      );
    }
  }
  if (stale.length > 0) throw new Error(stale.join('\n'));
  return `${options.rounds} rounds alternating the writer: the other replica's next request saw the new test report (list and summary) and the new chain head`;
}
