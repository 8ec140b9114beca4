import { CiIssuer, ISSUER_REPOSITORY } from '../ciIssuer';
import { commitOf, junitReport } from '../evidenceKinds';
import {
  entityPath,
  HttpError,
  ReplicaClient,
  uploadResultSchema,
} from '../hardeningApi';
import { redisKeysByPlugin } from '../redisCache';
import { Replica } from '../replica';

/**
 * The cache service as the replicas share it: one CI upload with an OIDC ID token to
 * each replica in turn. Each replica verifies its token with the issuer's JWKS, which
 * the Hardening plugin keeps in Backstage's cache service: with a shared Redis, the
 * second replica finds it there and the issuer is asked once; with caches in memory,
 * once per replica. With Redis, the run's namespace must hold the plugin's key.
 */
export async function checkSharedCache(
  replicas: readonly Replica[],
  options: {
    issuer: CiIssuer;
    audience: string;
    redis?: { url: string; namespace: string };
  },
): Promise<string> {
  const { issuer } = options;
  const before = issuer.jwksRequests();
  // GitHub run ids are numbers; a fresh one per upload.
  const firstRun = Date.now();
  for (const [i, replica] of replicas.entries()) {
    const runId = String(firstRun + i);
    const token = await issuer.token(options.audience, {
      runId,
      sha: commitOf(1000 + i),
    });
    const ci = new ReplicaClient(replica.name, replica.read.origin, token);
    const answer = await ci.send(
      'POST',
      `${entityPath(ISSUER_REPOSITORY.entity)}/test-reports`,
      { contentType: 'application/xml', bytes: junitReport(i, 2) },
    );
    if (answer.status !== 201) {
      throw new HttpError(
        `OIDC upload to ${replica.name}`,
        answer.status,
        answer.text,
      );
    }
    uploadResultSchema.parse(JSON.parse(answer.text));
  }
  const fetched = issuer.jwksRequests() - before;
  const uploads = `${replicas.length} uploads with an OIDC token, one per replica, verified`;
  if (!options.redis) {
    return `${uploads}; caches in memory: the issuer's JWKS was fetched ${fetched} times`;
  }
  if (fetched !== 1) {
    throw new Error(
      `the issuer's JWKS was fetched ${fetched} times by ${replicas.length} replicas sharing Redis, not once`,
    );
  }
  const keys = await redisKeysByPlugin(
    options.redis.url,
    options.redis.namespace,
  );
  if (!keys.get('hardening')) {
    throw new Error(
      `no key of the Hardening plugin under ${options.redis.namespace}: in Redis`,
    );
  }
  return `${uploads}; the issuer's JWKS was fetched once for both (the second replica read it from Redis); keys under ${
    options.redis.namespace
  }: ${[...keys].map(([plugin, n]) => `${plugin} ${n}`).join(', ')}`;
}
