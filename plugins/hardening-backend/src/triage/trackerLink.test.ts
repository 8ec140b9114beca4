import { newIssueLink } from './trackerLink';

const issue = {
  title: 'Integration failure: BID-001 / TENANT-001 (x)',
  body: 'Body **md**',
};

describe('newIssueLink', () => {
  it('builds GitHub links from tree, blob and .git URLs', () => {
    for (const source of [
      'https://github.com/acme/payments-api/tree/main/',
      'https://github.com/acme/payments-api/blob/main/catalog-info.yaml',
      'https://github.com/acme/payments-api.git',
    ]) {
      expect(newIssueLink(new URL(source), issue)).toEqual({
        tracker: 'github',
        url: 'https://github.com/acme/payments-api/issues/new?title=Integration%20failure%3A%20BID-001%20%2F%20TENANT-001%20(x)&body=Body%20**md**',
        truncated: false,
      });
    }
  });

  it('builds GitLab links for nested groups', () => {
    expect(
      newIssueLink(
        new URL('https://gitlab.com/acme/risk/risk-api/-/tree/main/'),
        issue,
      )?.url,
    ).toBe(
      'https://gitlab.com/acme/risk/risk-api/-/issues/new?issue[title]=Integration%20failure%3A%20BID-001%20%2F%20TENANT-001%20(x)&issue[description]=Body%20**md**',
    );
  });

  it('uses configured enterprise hosts and ignores other hosts', () => {
    const hosts = { github: ['github.acme.io'], gitlab: ['git.acme.io'] };
    expect(
      newIssueLink(
        new URL('https://github.acme.io/pay/api/tree/main/'),
        issue,
        {
          hosts,
        },
      )?.tracker,
    ).toBe('github');
    expect(
      newIssueLink(new URL('https://git.acme.io/pay/api/-/tree/main'), issue, {
        hosts,
      })?.tracker,
    ).toBe('gitlab');
    expect(
      newIssueLink(new URL('https://bitbucket.org/acme/api/src/main/'), issue),
    ).toBeUndefined();
    expect(
      newIssueLink(new URL('https://github.com/acme'), issue),
    ).toBeUndefined();
    expect(newIssueLink(undefined, issue)).toBeUndefined();
  });

  it('shortens a long body to fit, says so, and never splits a character', () => {
    const body = `${'é'.repeat(3000)}😀${'x'.repeat(5000)}`;
    const link = newIssueLink(
      new URL('https://github.com/acme/payments-api/tree/main/'),
      { title: issue.title, body },
      { maxLength: 2000 },
    )!;
    expect(link.truncated).toBe(true);
    expect(link.url.length).toBeLessThanOrEqual(2000);
    const sent = new URL(link.url).searchParams.get('body')!;
    expect(sent).toMatch(/^é+\n\n_\(Shortened to fit in a link/);
    expect(body.startsWith(sent.split('\n\n_(')[0])).toBe(true);
  });

  it('encodes lone surrogates instead of failing', () => {
    const link = newIssueLink(new URL('https://github.com/acme/payments-api'), {
      title: 'a\ud800b',
      body: '\udc00',
    })!;
    expect(new URL(link.url).searchParams.get('title')).toBe('a\ufffdb');
  });
});
