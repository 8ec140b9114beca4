import { ConfigReader } from '@backstage/config';
import { Request } from 'express';
import { githubClaims, gitlabClaims } from '../__testUtils__/localIssuer';
import { publisherFromClaims } from './ciPublisher';
import {
  bindUploadContextToPublisher,
  runPageWithin,
} from './publisherContext';
import { readPublishingSettings } from './publishingSettings';

const [github, gitlab] = readPublishingSettings(
  new ConfigReader({
    backend: { baseUrl: 'https://backstage.example.com' },
    hardening: {
      ingest: {
        trustedPublishing: {
          issuers: [
            {
              issuer: 'https://token.actions.githubusercontent.com',
              type: 'github',
            },
            { issuer: 'https://gitlab.example.com', type: 'gitlab' },
          ],
        },
      },
    },
  }),
).trustedPublishing!.issuers;

const githubRun =
  'https://github.com/northwind-freight/payments-api/actions/runs/9802816352';
const gitlabProject =
  'https://gitlab.example.com/northwind-freight/platform/payments-api/-';

const gitlabPublisher = publisherFromClaims(gitlabClaims(), gitlab);
const githubPublisher = publisherFromClaims(githubClaims(), github);

/** The query after binding it to the publisher. */
function bound(query: Record<string, string>, publisher = gitlabPublisher) {
  const req = { query } as unknown as Request;
  bindUploadContextToPublisher(req, publisher);
  return req.query;
}

describe('the run URL of a CI token upload', () => {
  it.each([
    [githubRun, githubRun],
    [`${githubRun}/`, githubRun],
    [`${githubRun}/job/77`, `${githubRun}/job/77`],
    [`${githubRun}/attempts/2`, `${githubRun}/attempts/2`],
    [
      'HTTPS://GitHub.com/northwind-freight/payments-api/actions/runs/9802816352/job/77',
      `${githubRun}/job/77`,
    ],
  ])('accepts the run or a known page of it: %s', (given, stored) => {
    expect(runPageWithin(githubPublisher, given)).toBe(stored);
  });

  it.each([
    `${githubRun}/../../../../evil/repo/actions/runs/9`,
    `${githubRun}/job/77/..`,
    `${githubRun}/./job/77`,
    `${githubRun}/%2e%2e/%2E%2E/x`,
    `${githubRun}/job%2f77`,
    `${githubRun}\\..\\..\\x`,
    `${githubRun}/job/77?next=https://evil.example`,
    `${githubRun}#job`,
    `${githubRun}/logs`,
    `${githubRun}/job/77/x`,
    `${githubRun}/job/%37`,
    `${githubRun}9`,
    `${githubRun}/job/7\t7`,
    'https://github.com.evil.example/northwind-freight/payments-api/actions/runs/9802816352',
    'https://user@github.com/northwind-freight/payments-api/actions/runs/9802816352',
    'http://github.com/northwind-freight/payments-api/actions/runs/9802816352',
    'not a url',
  ])('refuses anything else: %s', given => {
    expect(runPageWithin(githubPublisher, given)).toBeUndefined();
  });

  it("accepts GitLab's job page, its pipeline's page and the pipeline's tabs", () => {
    for (const page of [
      `${gitlabProject}/jobs/302`,
      `${gitlabProject}/pipelines/574`,
      `${gitlabProject}/pipelines/574/builds`,
      `${gitlabProject}/pipelines/574/test_report`,
    ]) {
      expect(runPageWithin(gitlabPublisher, page)).toBe(page);
    }
    for (const page of [
      `${gitlabProject}/jobs/302/raw`,
      `${gitlabProject}/pipelines/575`,
      `${gitlabProject}/pipelines/574/../../jobs/1`,
    ]) {
      expect(runPageWithin(gitlabPublisher, page)).toBeUndefined();
    }
  });

  it('stores the page the query names, keeps what the token says nothing about, and names a refused URL in a 400', () => {
    expect(
      bound({
        runUrl: `${gitlabProject}/pipelines/574`,
        runAttempt: '3',
      }),
    ).toEqual({
      commit: '714a629c0b401fdce83e847fc9589983fc6f46bc',
      branch: 'main',
      runUrl: `${gitlabProject}/pipelines/574`,
      runId: '574',
      runAttempt: '3',
    });
    expect(() =>
      bound(
        { runUrl: `${githubRun}/../../../../evil/repo/actions/runs/9` },
        githubPublisher,
      ),
    ).toThrow(
      `The CI token says otherwise: runUrl is ${githubRun} in the token, not ${githubRun}/../../../../evil/repo/actions/runs/9. Leave these parameters out (the token's values are used) or send the token's values`,
    );
  });
});

describe('the branch of a CI token upload', () => {
  const target = publisherFromClaims(
    githubClaims({ event_name: 'pull_request_target', head_ref: 'main' }),
    github,
  );

  it('is none for a pull_request_target run, and a branch in the query contradicts it', () => {
    expect(bound({}, target)).toEqual({
      commit: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
      runUrl: githubRun,
      runId: '9802816352',
      runAttempt: '2',
    });
    expect(() => bound({ branch: 'main' }, target)).toThrow(
      "The CI token says otherwise: branch is (none: a pull_request_target run's token carries the base branch, not the branch of the code that ran) in the token, not main.",
    );
  });
});
