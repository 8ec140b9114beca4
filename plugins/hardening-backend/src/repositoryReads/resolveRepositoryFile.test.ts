import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { RepositoryReadRule } from '@hardening/backstage-plugin-hardening-common';
import {
  DEFAULT_REPOSITORY_READ_POLICY,
  readRepositoryReadPolicy,
} from './repositoryReadSettings';
import { isUnderRoot } from './repositoryRoot';
import { resolveRepositoryFile } from './resolveRepositoryFile';

const ROOT = 'https://github.com/acme/payments-api/blob/main/';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

/**
 * Read from its repository's catalog file, with an author-set source location pointing
 * at another organisation's repository (which reads must ignore).
 */
const payments = entity({
  'backstage.io/managed-by-location': `url:${ROOT}catalog-info.yaml`,
  'backstage.io/managed-by-origin-location':
    'url:https://github.com/acme/catalog/blob/main/all.yaml',
  'backstage.io/source-location': 'url:https://github.com/evil/loot/tree/main/',
});

const resolve = (path: string, subject = payments) =>
  resolveRepositoryFile(subject, path, DEFAULT_REPOSITORY_READ_POLICY);

describe('resolveRepositoryFile', () => {
  it.each([
    ['docs/runbooks/triage.md', `${ROOT}docs/runbooks/triage.md`],
    ['  ./docs/./a.md  ', `${ROOT}docs/a.md`],
    ['docs/Triage Runbook.md', `${ROOT}docs/Triage%20Runbook.md`],
    ['docs/Triage%20Runbook.md', `${ROOT}docs/Triage%20Runbook.md`],
    ['docs%2Fa.md', `${ROOT}docs/a.md`],
    ['docs%252Fa.md', `${ROOT}docs/a.md`],
    ['docs/ünïcode.md', `${ROOT}docs/%C3%BCn%C3%AFcode.md`],
    ['@evil.example.com/x.md', `${ROOT}%40evil.example.com/x.md`],
    ['...md', `${ROOT}...md`],
    ['100%.md', `${ROOT}100%25.md`],
  ])(
    'reads %j under the folder of the catalog file, never the source location',
    (path, url) => {
      expect(resolve(path)).toEqual({ url });
    },
  );

  it.each<[string, RepositoryReadRule]>([
    ['', 'path-invalid'],
    ['   ', 'path-invalid'],
    ['a'.repeat(513), 'path-invalid'],
    ['.', 'path-invalid'],
    ['docs/', 'path-invalid'],
    ['docs//a.md', 'path-invalid'],
    ['docs/\u0000a.md', 'path-invalid'],
    ['docs/%00a.md', 'path-invalid'],
    ['docs/%0a.md', 'path-invalid'],
    ['docs/%E0%A4%A.md', 'path-invalid'],
    ['%25252e%25252e/x.md', 'path-invalid'],
    ['..\\secrets.md', 'path-invalid'],
    ['docs\\..\\..\\x.md', 'path-invalid'],
    ['%5c..%5csecrets.md', 'path-invalid'],
    ['C:\\secrets.md', 'path-invalid'],
    ['/etc/passwd', 'path-absolute'],
    ['/acme/payments-api/blob/main/a.md', 'path-absolute'],
    ['//evil.example.com/x.md', 'path-absolute'],
    ['%2f%2fevil.example.com/x.md', 'path-absolute'],
    ['%2Fetc/passwd', 'path-absolute'],
    ['https://evil.example.com/x.md', 'path-absolute'],
    [`${ROOT}docs/a.md`, 'path-absolute'],
    ['HTTPS://github.com/acme/payments-api/blob/main/x.md', 'path-absolute'],
    ['https%3A%2F%2Fevil.example.com%2Fx.md', 'path-absolute'],
    ['file:///etc/passwd', 'path-absolute'],
    ['file:secrets.md', 'path-absolute'],
    // eslint-disable-next-line no-script-url -- a hostile annotation under test
    ['javascript:alert(1)', 'path-absolute'],
    ['data:text/plain,hi', 'path-absolute'],
    ['c:/windows/win.ini', 'path-absolute'],
    ['evil.example.com:443/x.md', 'path-absolute'],
    ['../other-repo/secrets.md', 'path-parent'],
    ['..', 'path-parent'],
    ['docs/../../x.md', 'path-parent'],
    ['docs/../a.md', 'path-parent'],
    ['%2e%2e/secrets.md', 'path-parent'],
    ['%2E%2E%2Fsecrets.md', 'path-parent'],
    ['.%2e/secrets.md', 'path-parent'],
    ['%252e%252e/secrets.md', 'path-parent'],
    ['docs/%252e%252e%252f%252e%252e%252fx.md', 'path-parent'],
    ['docs/a.md?raw=1', 'path-query'],
    ['docs/a.md#x', 'path-query'],
    ['docs/a.md%3Fref=evil', 'path-query'],
    ['docs/a.md%23x', 'path-query'],
    ['?url=https://evil.example.com/', 'path-query'],
  ])('refuses %j by %s, before reading anything', (path, rule) => {
    const resolved = resolve(path);
    expect(resolved).toEqual({
      refusedBy: rule,
      error: expect.stringMatching(new RegExp(`^refused by ${rule}: `)),
    });
  });

  it('says what to change in a refusal', () => {
    expect(resolve('../other-repo/secrets.md')).toEqual({
      refusedBy: 'path-parent',
      error:
        'refused by path-parent: "../other-repo/secrets.md" climbs out of the folder of the entity\'s catalog file with "..": only files in that folder or below it are read',
    });
  });

  it.each<[string, Record<string, string>, RepositoryReadRule]>([
    [
      'only a source location',
      {
        'backstage.io/source-location':
          'url:https://github.com/acme/payments-api/tree/main/',
      },
      'location-missing',
    ],
    [
      'a file: location (the demo catalog)',
      {
        'backstage.io/managed-by-location':
          'file:/srv/portal/examples/components.yaml',
        'backstage.io/source-location':
          'url:https://github.com/northwind-freight/payments-api/tree/main/',
      },
      'location-unsupported',
    ],
    [
      'an ftp location',
      { 'backstage.io/managed-by-location': 'url:ftp://example.com/a.yaml' },
      'location-unsupported',
    ],
    [
      'a location with a query',
      {
        'backstage.io/managed-by-location':
          'url:https://dev.azure.com/acme/pay/_git/pay?path=/catalog-info.yaml',
      },
      'location-unsupported',
    ],
    [
      'a location with credentials',
      {
        'backstage.io/managed-by-location':
          'url:https://bot:secret@github.com/acme/pay/blob/main/catalog-info.yaml',
      },
      'location-unsupported',
    ],
    [
      'a malformed location',
      { 'backstage.io/managed-by-location': 'no-type-here' },
      'location-unsupported',
    ],
    [
      'a host without an integration',
      {
        'backstage.io/managed-by-location':
          'url:https://evil.example.com/acme/pay/blob/main/catalog-info.yaml',
      },
      'host-not-allowed',
    ],
  ])('refuses an entity with %s', (_what, annotations, rule) => {
    expect(resolve('docs/a.md', entity(annotations))).toEqual({
      refusedBy: rule,
      error: expect.stringMatching(new RegExp(`^refused by ${rule}: `)),
    });
  });

  it('falls back to the origin location when the entity has no location of its own', () => {
    expect(
      resolve(
        'docs/a.md',
        entity({
          'backstage.io/managed-by-origin-location':
            'url:https://gitlab.com/acme/risk/risk-api/-/blob/main/catalog-info.yaml',
        }),
      ),
    ).toEqual({
      url: 'https://gitlab.com/acme/risk/risk-api/-/blob/main/docs/a.md',
    });
  });

  it('keeps to the configured hosts and organisations', () => {
    const policy = readRepositoryReadPolicy(
      new ConfigReader({
        hardening: {
          repositoryReads: {
            allowedHosts: ['github.com', 'ghe.example.net'],
            allowedOrganizations: ['ACME', 'ghe.example.net/platform'],
          },
        },
      }),
    );
    const at = (url: string) =>
      resolveRepositoryFile(
        entity({ 'backstage.io/managed-by-location': `url:${url}` }),
        'docs/a.md',
        policy,
      );
    expect(at(`${ROOT}catalog-info.yaml`)).toEqual({ url: `${ROOT}docs/a.md` });
    expect(
      at('https://ghe.example.net/platform/api/blob/main/catalog-info.yaml'),
    ).toEqual({
      url: 'https://ghe.example.net/platform/api/blob/main/docs/a.md',
    });
    expect(
      at('https://github.com/platform/api/blob/main/catalog-info.yaml'),
    ).toEqual({
      refusedBy: 'organization-not-allowed',
      error:
        'refused by organization-not-allowed: organisation "platform" on github.com is not in hardening.repositoryReads.allowedOrganizations (acme, ghe.example.net/platform): add it there or upload the file through the API instead',
    });
    expect(
      at('https://gitlab.com/acme/pay/-/blob/main/catalog-info.yaml'),
    ).toEqual({
      refusedBy: 'host-not-allowed',
      error:
        'refused by host-not-allowed: gitlab.com is not among the hosts files are read from, hardening.repositoryReads.allowedHosts (github.com, ghe.example.net): add it to hardening.repositoryReads.allowedHosts or upload the file through the API instead',
    });
  });
});

describe('isUnderRoot', () => {
  const root = new URL('https://github.com/acme/repo/blob/main/');

  it.each([
    ['https://github.com/acme/repo/blob/main/docs/a.md', true],
    ['https://github.com/acme/repo/blob/main/a.md', true],
    ['https://github.com/acme/repo/blob/main/docs/%2e%2e/a.md', true],
    ['https://github.com/acme/repo-evil/blob/main/a.md', false],
    ['https://github.com/acme/repo/blob/main-evil/a.md', false],
    ['https://github.com/acme/repo/blob/main', false],
    ['https://github.com/acme/repo/blob/main/', false],
    ['https://github.com/ACME/repo/blob/main/a.md', false],
    ['http://github.com/acme/repo/blob/main/a.md', false],
    ['https://github.com:8443/acme/repo/blob/main/a.md', false],
    ['https://gitlab.com/acme/repo/blob/main/a.md', false],
    ['https://github.com.evil.example/acme/repo/blob/main/a.md', false],
    ['https://user@github.com/acme/repo/blob/main/a.md', false],
    ['https://github.com/acme/repo/blob/main/a.md?x=1', false],
    ['https://github.com/acme/repo/blob/main/a.md#x', false],
    ['https://github.com/acme/repo/blob/main/%2e%2e/%2e%2e/x.md', false],
    ['https://github.com/acme/repo/blob/main/docs%2f..%2f..%2fx.md', false],
    ['https://github.com/acme/repo/blob/main/a%5c..%5cx.md', false],
    ['https://github.com/acme/repo/blob/main/%252e%252e', false],
    ['https://github.com/acme/repo/blob/main//a.md', false],
    ['https://github.com/acme/repo/blob/main/docs/', false],
  ])('%s → %s', (url, under) => {
    expect(isUnderRoot(new URL(url), root)).toBe(under);
  });
});
