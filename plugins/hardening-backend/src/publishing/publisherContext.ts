import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { CiPublisher } from './ciPublisher';

type Conflict = { name: string; query: string; token: string };

function single(query: Record<string, unknown>, name: string) {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(
      `Invalid upload parameters: ${name} must be given once, as a string`,
    );
  }
  return value;
}

/**
 * What could make a URL lead elsewhere than it reads: a query, fragment, backslash,
 * white space or control character, an encoded dot, slash or backslash.
 */
const STEERING = /[?#\\\s\p{Cc}]|%2e|%2f|%5c/iu;

/** A path segment `.` or `..`. */
const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;

/**
 * The run page the query names, as stored (`url.href`), when it is the token's run or a
 * known page inside it (a job or an attempt of a GitHub run; a tab of a GitLab pipeline):
 * same origin, no query, fragment or credentials, no `.`/`..` segment, encoded dot or
 * slash. Anything else is undefined, so a URL that a browser would resolve elsewhere
 * (`…/runs/1/../../../../evil/repo/actions/runs/9`) is never stored.
 */
export function runPageWithin(
  publisher: CiPublisher,
  given: string,
): string | undefined {
  const trimmed = given.replace(/\/+$/, '');
  const rawPath = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  if (STEERING.test(trimmed) || DOT_SEGMENT.test(rawPath)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const matches = publisher.runPages.some(page => {
    const base = new URL(page.url);
    if (url.origin !== base.origin) return false;
    if (url.pathname === base.pathname) return true;
    const rest = url.pathname.startsWith(`${base.pathname}/`)
      ? url.pathname.slice(base.pathname.length)
      : undefined;
    return rest !== undefined && page.subpages?.test(rest) === true;
  });
  return matches ? url.href : undefined;
}

/**
 * Makes an upload by a CI token record what the verified claims say: its commit, branch,
 * run URL, run id and run attempt replace the query string's. A query parameter that
 * repeats the token (a commit may be abbreviated; a run URL may name a known page inside
 * the run, such as a job) is accepted; one that contradicts it is a 400 naming both
 * values. The token of a `pull_request_target` or `workflow_run` run vouches for no branch
 * (see `BASE_REF_EVENTS`): none is stored, and a query's branch contradicts it.
 * Parameters the token says nothing about (pipeline, tags, runAt; runAttempt on GitLab)
 * are kept as given.
 *
 * The query is replaced on the request itself, in the access check every upload route
 * runs first, so no upload route can store a context the token did not vouch for.
 */
export function bindUploadContextToPublisher(
  req: Request,
  publisher: CiPublisher,
): void {
  const query = { ...(req.query as Record<string, unknown>) };
  const conflicts: Conflict[] = [];
  const check = (
    name: string,
    accepted: (given: string) => boolean,
    token: string,
  ) => {
    const given = single(query, name);
    if (given !== undefined && !accepted(given)) {
      conflicts.push({ name, query: given, token });
    }
  };
  check(
    'commit',
    given =>
      given.length >= 7 &&
      publisher.sha.startsWith(given.toLocaleLowerCase('en-US')),
    publisher.sha,
  );
  check(
    'branch',
    given => given === publisher.branch,
    publisher.branch ??
      `(none: a ${publisher.event} run's token carries the base branch, not the branch of the code that ran)`,
  );
  check(
    'runUrl',
    given => runPageWithin(publisher, given) !== undefined,
    publisher.runUrl,
  );
  check('runId', given => given === publisher.runId, publisher.runId);
  if (publisher.runAttempt !== undefined) {
    check(
      'runAttempt',
      given => Number(given) === publisher.runAttempt,
      String(publisher.runAttempt),
    );
  }
  if (conflicts.length > 0) {
    throw new InputError(
      `The CI token says otherwise: ${conflicts
        .map(c => `${c.name} is ${c.token} in the token, not ${c.query}`)
        .join(
          '; ',
        )}. Leave these parameters out (the token's values are used) or send the token's values`,
    );
  }

  const runUrl = single(query, 'runUrl');
  const bound: Record<string, unknown> = {
    ...query,
    commit: publisher.sha,
    branch: publisher.branch,
    runUrl: (runUrl && runPageWithin(publisher, runUrl)) ?? publisher.runUrl,
    runId: publisher.runId,
  };
  if (publisher.branch === undefined) delete bound.branch;
  if (publisher.runAttempt !== undefined) {
    bound.runAttempt = String(publisher.runAttempt);
  }
  Object.defineProperty(req, 'query', {
    value: bound,
    writable: true,
    configurable: true,
    enumerable: true,
  });
}

/**
 * A CI token vouches for one commit: the git tags it reports must point at it (as
 * `git tag --points-at HEAD` lists them), so that a job of any branch cannot report a
 * milestone's tag on another commit. 400 naming the tags that do not.
 */
export function assertTagsOfPublisherCommit(
  tags: ReadonlyArray<{ name: string; commit: string }>,
  publisher: CiPublisher,
): void {
  const elsewhere = tags.filter(
    tag => !publisher.sha.startsWith(tag.commit.toLocaleLowerCase('en-US')),
  );
  if (elsewhere.length > 0) {
    throw new InputError(
      `A CI token may report only tags of its own commit ${
        publisher.sha
      }: ${elsewhere
        .map(tag => `${tag.name} points at ${tag.commit}`)
        .join('; ')}`,
    );
  }
}
