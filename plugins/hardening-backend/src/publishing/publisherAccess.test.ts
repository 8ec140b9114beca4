import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { githubClaims, gitlabClaims } from '../__testUtils__/localIssuer';
import { annotatedComponent } from '../__testUtils__/publishingTestKit';
import { publisherFromClaims } from './ciPublisher';
import {
  publisherEntityRefusal,
  refRuleRefusal,
  repositoryMismatch,
} from './publisherAccess';
import { readPublishingSettings } from './publishingSettings';

const issuers = (...configured: JsonObject[]) =>
  readPublishingSettings(
    new ConfigReader({
      backend: { baseUrl: 'https://backstage.example.com' },
      hardening: { ingest: { trustedPublishing: { issuers: configured } } },
    }),
  ).trustedPublishing!.issuers;

describe('GitLab CI tokens', () => {
  const [gitlab, onPrem] = issuers(
    { issuer: 'https://gitlab.example.com', type: 'gitlab' },
    { issuer: 'https://git.northwind.example', type: 'gitlab' },
  );
  const publisher = publisherFromClaims(gitlabClaims(), gitlab);
  const slug = {
    'gitlab.com/project-slug': 'northwind-freight/platform/payments-api',
  };

  it('describe the pipeline: full ref, branch, project id, source, job and pipeline pages, pipeline id as the run id', () => {
    expect(publisher).toEqual({
      issuer: 'https://gitlab.example.com',
      type: 'gitlab',
      repository: 'northwind-freight/platform/payments-api',
      owner: 'northwind-freight',
      repositoryId: '20',
      event: 'push',
      ref: 'refs/heads/main',
      refProtected: true,
      sha: '714a629c0b401fdce83e847fc9589983fc6f46bc',
      branch: 'main',
      runUrl:
        'https://gitlab.example.com/northwind-freight/platform/payments-api/-/jobs/302',
      runPages: [
        {
          url: 'https://gitlab.example.com/northwind-freight/platform/payments-api/-/jobs/302',
        },
        {
          url: 'https://gitlab.example.com/northwind-freight/platform/payments-api/-/pipelines/574',
          subpages: expect.any(RegExp),
        },
      ],
      runId: '574',
      runAttempt: undefined,
      workflow:
        'gitlab.example.com/northwind-freight/platform/payments-api//.gitlab-ci.yml@refs/heads/main',
      subject: 'gitlab:northwind-freight/platform/payments-api',
    });
    expect(
      publisherFromClaims(
        gitlabClaims({ ref: 'v1.2.0', ref_type: 'tag', ref_path: undefined }),
        gitlab,
      ).ref,
    ).toBe('refs/tags/v1.2.0');
  });

  it('may write an entity whose project path matches ignoring case, in a subgroup', () => {
    const entity = annotatedComponent('payments-api', {
      'gitlab.com/project-slug': 'Northwind-Freight/Platform/Payments-API',
    });
    expect(repositoryMismatch(publisher, entity, [gitlab])).toBeUndefined();
  });

  it('may not write a project of the same path on another GitLab, nor without the instance when several are trusted, nor a re-created project', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [
        { ...slug, 'gitlab.com/instance': 'git.northwind.example' },
        'gitlab.com/instance is "git.northwind.example", the token\'s issuer is instance gitlab.example.com',
      ],
      [
        slug,
        'no gitlab.com/instance annotation, and several GitLab issuers are trusted',
      ],
      [
        {
          ...slug,
          'gitlab.com/instance': 'GitLab.Example.com',
          'gitlab.com/project-id': '31',
        },
        'gitlab.com/project-id is "31", the token\'s repository id 20',
      ],
    ];
    for (const [annotations, mismatch] of cases) {
      expect(
        repositoryMismatch(
          publisher,
          annotatedComponent('payments-api', annotations),
          [gitlab, onPrem],
        ),
      ).toBe(mismatch);
    }
  });

  it('are refused with one message that names what to add, never the entity’s annotations', () => {
    expect(
      publisherEntityRefusal(publisher, 'component:default/payments-api', [
        gitlab,
        onPrem,
      ]),
    ).toBe(
      "A CI token of northwind-freight/platform/payments-api may not upload to component:default/payments-api: the entity does not exist or its gitlab.com/project-slug and gitlab.com/instance annotations do not name northwind-freight/platform/payments-api on gitlab.example.com; add them to the entity's catalog-info.yaml if it is yours (if it has a gitlab.com/project-id annotation, it must be 20)",
    );
  });

  it('must say a ref is protected for protectedOnly rules', () => {
    expect(
      refRuleRefusal({ ...publisher, refProtected: undefined }, 'triage', [
        { protectedOnly: true },
      ]),
    ).toBe(
      'triage uploads are accepted from protected refs only (hardening.ingest.trustedPublishing.refRules), but refs/heads/main is not said to be protected by the CI token',
    );
    expect(
      refRuleRefusal(publisher, 'triage', [
        {
          kinds: ['audit-chain'],
          refs: ['refs/tags/**'],
          protectedOnly: false,
        },
        { protectedOnly: true },
      ]),
    ).toBeUndefined();
  });

  it('are held to the events of a rule by their pipeline source', () => {
    const rules = [
      { kinds: ['ci-gates' as const], events: ['push'], protectedOnly: false },
    ];
    expect(refRuleRefusal(publisher, 'ci-gates', rules)).toBeUndefined();
    expect(
      refRuleRefusal(
        publisherFromClaims(
          gitlabClaims({ pipeline_source: 'merge_request_event' }),
          gitlab,
        ),
        'ci-gates',
        rules,
      ),
    ).toBe(
      'ci-gates uploads are accepted from push runs only (hardening.ingest.trustedPublishing.refRules), but the CI token is for a merge_request_event run',
    );
  });
});

describe('GitHub Actions tokens', () => {
  const [dotcom, enterprise] = issuers(
    {
      issuer: 'https://token.actions.githubusercontent.com',
      type: 'github',
      instance: 'github.com',
    },
    {
      issuer: 'https://github.northwind.example/_services/token',
      type: 'github',
      instance: 'github.northwind.example',
    },
  );
  const both = [dotcom, enterprise];
  const publisher = publisherFromClaims(githubClaims(), dotcom);
  const slug = { 'github.com/project-slug': 'northwind-freight/payments-api' };
  const mismatch = (
    annotations: Record<string, string>,
    trusted = both,
    token = publisher,
  ) =>
    repositoryMismatch(
      token,
      annotatedComponent('payments-api', annotations),
      trusted,
    );

  it('carry the repository id and the event', () => {
    expect(publisher).toMatchObject({
      repositoryId: '74',
      event: 'push',
      branch: 'main',
    });
  });

  it('may not write a repository of the same name on the other GitHub instance, nor without the instance when several are trusted', () => {
    expect(
      mismatch({ ...slug, 'hardening.io/github-instance': 'github.com' }),
    ).toBeUndefined();
    expect(
      mismatch(
        { ...slug, 'hardening.io/github-instance': 'github.northwind.example' },
        both,
        publisherFromClaims(githubClaims(), enterprise),
      ),
    ).toBeUndefined();
    expect(
      mismatch({
        ...slug,
        'hardening.io/github-instance': 'github.northwind.example',
      }),
    ).toBe(
      'hardening.io/github-instance is "github.northwind.example", the token\'s issuer is instance github.com',
    );
    expect(mismatch(slug)).toBe(
      'no hardening.io/github-instance annotation, and several GitHub issuers are trusted',
    );
    // With one GitHub issuer the annotation may be left out.
    expect(mismatch(slug, [dotcom])).toBeUndefined();
  });

  it('may not write an entity whose repository id is another (a renamed or re-created repository or organisation)', () => {
    const entity = {
      ...slug,
      'hardening.io/github-instance': 'github.com',
      'hardening.io/github-repository-id': '811',
    };
    expect(mismatch(entity)).toBe(
      'hardening.io/github-repository-id is "811", the token\'s repository id 74',
    );
    expect(
      mismatch({ ...entity, 'hardening.io/github-repository-id': ' 74 ' }),
    ).toBeUndefined();
  });

  it('are refused with a message made of the token and the entity ref only', () => {
    const refusal = (trusted = both, token = publisher) =>
      publisherEntityRefusal(
        token,
        'component:default/ledger-service',
        trusted,
      );
    expect(refusal([dotcom])).toBe(
      "A CI token of northwind-freight/payments-api may not upload to component:default/ledger-service: the entity does not exist or its github.com/project-slug annotation does not name northwind-freight/payments-api; add the annotation to the entity's catalog-info.yaml if it is yours (if it has a hardening.io/github-instance annotation, it must be github.com; if it has a hardening.io/github-repository-id annotation, it must be 74)",
    );
    expect(
      refusal(
        both,
        publisherFromClaims(githubClaims({ repository_id: undefined }), dotcom),
      ),
    ).toBe(
      "A CI token of northwind-freight/payments-api may not upload to component:default/ledger-service: the entity does not exist or its github.com/project-slug and hardening.io/github-instance annotations do not name northwind-freight/payments-api on github.com; add them to the entity's catalog-info.yaml if it is yours (the token names no repository id, so it must not have a hardening.io/github-repository-id annotation)",
    );
  });
});

describe('tokens of runs that test code other than their ref', () => {
  const [github] = issuers({
    issuer: 'https://token.actions.githubusercontent.com',
    type: 'github',
  });
  const target = publisherFromClaims(
    githubClaims({
      event_name: 'pull_request_target',
      head_ref: 'main',
      ref: 'refs/heads/main',
    }),
    github,
  );
  const workflowRun = publisherFromClaims(
    githubClaims({ event_name: 'workflow_run' }),
    github,
  );

  it('name no branch, whatever the pull request’s branch is called', () => {
    expect(target).toMatchObject({
      event: 'pull_request_target',
      ref: 'refs/heads/main',
      refProtected: true,
      branch: undefined,
    });
    expect(workflowRun.branch).toBeUndefined();
    // A pull request's own run names its branch, as GITHUB_HEAD_REF does.
    expect(
      publisherFromClaims(
        githubClaims({
          event_name: 'pull_request',
          ref: 'refs/pull/7/merge',
          head_ref: 'fix-ledger',
        }),
        github,
      ).branch,
    ).toBe('fix-ledger');
  });

  it('may not upload what freeze checklists judge, even from a protected ref, unless a rule lists the event', () => {
    for (const kind of [
      'test-report',
      'ci-gates',
      'contract-results',
      'stress-run',
    ] as const) {
      expect(refRuleRefusal(target, kind, [{ protectedOnly: true }])).toBe(
        `${kind} uploads from pull_request_target runs are refused by default: their token carries the base branch's ref (refs/heads/main) while such a run usually tests a pull request's code, often from a fork, and milestone checklists judge ${kind} evidence; upload it from the pull_request or push run instead, or list pull_request_target in the events of a hardening.ingest.trustedPublishing.refRules entry for ${kind} if its evidence may count`,
      );
    }
    expect(refRuleRefusal(workflowRun, 'ci-gates', [])).toMatch(
      /^ci-gates uploads from workflow_run runs are refused by default/,
    );
    // Other kinds are left to the rules.
    expect(refRuleRefusal(target, 'triage', [])).toBeUndefined();

    const allowed = [
      {
        kinds: ['test-report' as const],
        events: ['push', 'workflow_run'],
        protectedOnly: true,
      },
    ];
    expect(refRuleRefusal(workflowRun, 'test-report', allowed)).toBeUndefined();
    expect(refRuleRefusal(workflowRun, 'ci-gates', allowed)).toMatch(
      /refused by default/,
    );
    expect(refRuleRefusal(target, 'test-report', allowed)).toBe(
      'test-report uploads are accepted from push, workflow_run runs only (hardening.ingest.trustedPublishing.refRules), but the CI token is for a pull_request_target run',
    );
  });
});
