import { TrackerNewIssueLink } from '@hardening/backstage-plugin-hardening-common';

/** Longest new-issue URL built; trackers and browsers refuse much longer ones. */
export const MAX_TRACKER_URL_LENGTH = 8000;

/** Longest issue title sent. */
const MAX_TITLE_LENGTH = 255;

const TRUNCATED_NOTE =
  '\n\n_(Shortened to fit in a link: copy the full defect from the portal.)_';

/** Hosts of the trackers, from the `integrations` config plus the public ones. */
export type TrackerHosts = { github: string[]; gitlab: string[] };

export const PUBLIC_TRACKER_HOSTS: TrackerHosts = {
  github: ['github.com'],
  gitlab: ['gitlab.com'],
};

/** The repository of a GitHub URL: `/owner/repo`. */
function githubRepo(url: URL): string | undefined {
  const [owner, repo] = url.pathname.split('/').filter(Boolean);
  return owner && repo ? `/${owner}/${repo.replace(/\.git$/, '')}` : undefined;
}

/** The project of a GitLab URL: everything before `/-/` (groups nest). */
function gitlabProject(url: URL): string | undefined {
  const path = url.pathname.split('/-/')[0].replace(/\/+$/, '');
  const segments = path.split('/').filter(Boolean);
  return segments.length >= 2
    ? `/${segments.join('/').replace(/\.git$/, '')}`
    : undefined;
}

/** Replaces lone surrogates (which URLs cannot encode) with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/** Cuts a string to at most `length` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, length: number): string {
  let end = Math.max(0, length);
  const code = text.charCodeAt(end - 1);
  if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/**
 * A prefilled "new issue" page in the repository an entity's source location points at:
 * GitHub (`…/issues/new?title=&body=`) or GitLab (`…/-/issues/new?issue[title]=&
 * issue[description]=`), on the public hosts or those in the integrations config.
 * The body is shortened (and says so) to keep the URL within `maxLength`. Undefined for
 * any other host.
 */
export function newIssueLink(
  source: URL | undefined,
  issue: { title: string; body: string },
  options: { hosts?: TrackerHosts; maxLength?: number } = {},
): TrackerNewIssueLink | undefined {
  if (!source) return undefined;
  const hosts = options.hosts ?? PUBLIC_TRACKER_HOSTS;
  const maxLength = options.maxLength ?? MAX_TRACKER_URL_LENGTH;
  const host = source.host.toLowerCase();
  let prefix: string;
  let tracker: TrackerNewIssueLink['tracker'];
  let titleKey: string;
  let bodyKey: string;
  if (hosts.github.includes(host)) {
    const repo = githubRepo(source);
    if (!repo) return undefined;
    tracker = 'github';
    prefix = `${source.origin}${repo}/issues/new?`;
    titleKey = 'title';
    bodyKey = 'body';
  } else if (hosts.gitlab.includes(host)) {
    const project = gitlabProject(source);
    if (!project) return undefined;
    tracker = 'gitlab';
    prefix = `${source.origin}${project}/-/issues/new?`;
    titleKey = 'issue[title]';
    bodyKey = 'issue[description]';
  } else {
    return undefined;
  }
  const title = encodeURIComponent(
    cut(wellFormed(issue.title), MAX_TITLE_LENGTH),
  );
  const text = wellFormed(issue.body);
  const build = (body: string) =>
    `${prefix}${titleKey}=${title}&${bodyKey}=${encodeURIComponent(body)}`;

  const full = build(text);
  if (full.length <= maxLength) {
    return { tracker, url: full, truncated: false };
  }
  // The longest prefix of the body that fits with the note, by bisection.
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (build(cut(text, mid) + TRUNCATED_NOTE).length <= maxLength) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return {
    tracker,
    url: build(cut(text, low) + TRUNCATED_NOTE),
    truncated: true,
  };
}
