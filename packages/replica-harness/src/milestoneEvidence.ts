import { ciQuery, commitOf, junitReport, stressRunBody } from './evidenceKinds';
import { entityPath, HttpError, ReplicaClient } from './hardeningApi';

/** The one gate of the harness's delivery contract. */
const CONTRACT_GATE = 'security.auth-before-data';

const CONTRACT_YAML = `version: 1
milestone: M1
gates:
  - id: ${CONTRACT_GATE}
    description: Every handler authenticates the caller first
    type: file_content
    targets: ['src/handlers/*.ts']
    must_match: ['authenticate\\(']
    status: active
`;

type Upload = {
  route: string;
  contentType: string;
  body: string;
  query?: string;
};

async function expectStatus(
  client: ReplicaClient,
  method: 'POST' | 'PUT',
  path: string,
  body: { contentType: string; bytes: string } | undefined,
  statuses: readonly number[],
) {
  const answer = await client.send(method, path, body);
  if (!statuses.includes(answer.status)) {
    throw new HttpError(
      `${client.name} ${method} ${path}`,
      answer.status,
      answer.text,
    );
  }
  return answer;
}

/**
 * Everything a milestone's freeze checklist needs, green: the entity's delivery contract
 * (set by `user`, an owner) and, uploaded by CI (`upload`), passing contract results, a
 * clean stress run, test reports tagged `e2e:happy` and `e2e:security`, lint and build
 * passed, and the milestone's tag; then the milestone itself, declared by `user`.
 */
export async function prepareFreezableMilestone(options: {
  user: ReplicaClient;
  upload: ReplicaClient;
  entity: string;
  milestoneId: string;
  runTag: string;
}): Promise<void> {
  const { user, upload, entity, milestoneId, runTag } = options;
  const base = entityPath(entity);
  await expectStatus(
    user,
    'PUT',
    `${base}/contract`,
    { contentType: 'application/yaml', bytes: CONTRACT_YAML },
    [200, 201],
  );
  const json = 'application/json';
  const uploads: Upload[] = [
    {
      route: 'contract-results',
      contentType: json,
      body: JSON.stringify({
        results: [
          {
            gateId: CONTRACT_GATE,
            status: 'pass',
            matchedFiles: 3,
            violations: [],
          },
        ],
      }),
    },
    { route: 'stress-runs', contentType: json, body: stressRunBody({}) },
    {
      route: 'test-reports',
      contentType: 'application/xml',
      body: junitReport(0, 2),
      query: '&tags=e2e:happy,e2e:security',
    },
    {
      route: 'ci-gates',
      contentType: json,
      body: JSON.stringify({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed' },
        ],
      }),
    },
    {
      route: 'git-tags',
      contentType: json,
      body: JSON.stringify({
        tags: [
          {
            name: `milestone/${milestoneId.toLowerCase()}-hardened`,
            commit: commitOf(1),
          },
        ],
      }),
    },
  ];
  for (const [i, u] of uploads.entries()) {
    await expectStatus(
      upload,
      'POST',
      `${base}/${u.route}${ciQuery(runTag, i)}${u.query ?? ''}`,
      { contentType: u.contentType, bytes: u.body },
      [201],
    );
  }
  await expectStatus(
    user,
    'PUT',
    `${base}/milestones/${encodeURIComponent(milestoneId)}`,
    {
      contentType: json,
      bytes: JSON.stringify({
        title: 'Replicas: regression notified once',
        stage: 'hardening-slice',
        thresholds: { p95LimitMs: 300, errorRateLimit: 0.001 },
      }),
    },
    [201],
  );
}

/** `POST …/milestones/{id}/freeze` with no body, as `user`; it must answer 201. */
export async function freezeMilestone(
  user: ReplicaClient,
  entity: string,
  milestoneId: string,
): Promise<void> {
  await expectStatus(
    user,
    'POST',
    `${entityPath(entity)}/milestones/${encodeURIComponent(
      milestoneId,
    )}/freeze`,
    undefined,
    [201],
  );
}
