import { EVIDENCE_KINDS, ciQuery } from '../evidenceKinds';
import { entityPath, HttpError, uploadResultSchema } from '../hardeningApi';
import { runPool } from '../pool';
import { PAYMENTS_ENTITIES, Replica } from '../replica';

type Uploaded = { entity: string; route: string; id: string; via: string };

/**
 * Uploads `perKind` reports of every evidence kind at once, spread over the entities
 * and alternately over the replicas, then checks that each replica lists every one of
 * them. Returns what it did, in words; throws what is wrong.
 */
export async function checkConcurrentUploads(
  replicas: readonly Replica[],
  options: { perKind: number; runTag: string; concurrency: number },
): Promise<string> {
  const tasks: (() => Promise<Uploaded>)[] = [];
  EVIDENCE_KINDS.forEach((kind, k) => {
    for (let n = 0; n < options.perKind; n++) {
      const run = k * options.perKind + n;
      const entity = PAYMENTS_ENTITIES[n % PAYMENTS_ENTITIES.length];
      const replica = replicas[run % replicas.length];
      tasks.push(async () => {
        const path = `${entityPath(entity)}/${kind.route}${ciQuery(
          options.runTag,
          run,
        )}`;
        const answer = await replica.upload.send('POST', path, {
          contentType: kind.contentType,
          bytes: kind.body(run),
        });
        if (answer.status !== 201) {
          throw new HttpError(
            `${kind.name} upload to ${replica.name}`,
            answer.status,
            answer.text,
          );
        }
        const { report } = uploadResultSchema.parse(JSON.parse(answer.text));
        return { entity, route: kind.route, id: report.id, via: replica.name };
      });
    }
  });
  const started = performance.now();
  const uploaded = await runPool(tasks, options.concurrency);
  const seconds = (performance.now() - started) / 1000;

  const missing: string[] = [];
  const lists = new Set(uploaded.map(u => `${u.entity} ${u.route}`));
  for (const replica of replicas) {
    for (const list of lists) {
      const [entity, route] = list.split(' ');
      const listed = new Set(
        (await replica.read.listAll(`${entityPath(entity)}/${route}`)).map(
          r => r.id,
        ),
      );
      for (const u of uploaded) {
        if (u.entity === entity && u.route === route && !listed.has(u.id)) {
          missing.push(
            `${replica.name} does not list ${route} ${u.id} of ${entity} (uploaded via ${u.via})`,
          );
        }
      }
    }
  }
  if (missing.length > 0) {
    throw new Error(missing.slice(0, 10).join('\n'));
  }
  return `${uploaded.length} uploads (${EVIDENCE_KINDS.length} kinds × ${
    options.perKind
  }) in ${seconds.toFixed(1)} s, all 201; each of ${
    replicas.length
  } replicas lists all of them`;
}
