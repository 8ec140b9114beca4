import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readPublishingSettings } from './publishingSettings';

const read = (ingest: JsonObject) =>
  readPublishingSettings(
    new ConfigReader({
      backend: { baseUrl: 'https://backstage.example.com:8443/portal' },
      hardening: { ingest },
    }),
  );

describe('readPublishingSettings', () => {
  it('accepts no OIDC token and binds no service when nothing is configured', () => {
    expect(read({})).toEqual({ bindings: [] });
    expect(read({ trustedPublishing: { issuers: [] } })).toEqual({
      bindings: [],
    });
  });

  it('fills in each issuer: JWKS path of its CI system, audience from backend.baseUrl, asymmetric algorithms, run pages', () => {
    const { trustedPublishing } = read({
      trustedPublishing: {
        issuers: [
          {
            issuer: 'https://token.actions.githubusercontent.com',
            type: 'github',
            instance: 'github.com',
          },
          {
            issuer: 'https://token.actions.northwind.ghe.com/',
            type: 'github',
            instance: 'northwind.ghe.com',
          },
          {
            issuer: 'https://git.northwind.example/_services/token',
            type: 'github',
            instance: 'Git.Northwind.example',
          },
          {
            issuer: 'https://gitlab.northwind.example/gitlab',
            type: 'gitlab',
            audience: ['hardening', 'https://backstage.example.com'],
            algorithms: ['ES256'],
            allowedOwners: ['Northwind-Freight'],
          },
        ],
      },
    });
    expect(trustedPublishing).toEqual({
      clockToleranceSeconds: 30,
      refRules: [],
      issuers: [
        {
          issuer: 'https://token.actions.githubusercontent.com',
          type: 'github',
          jwksUrl:
            'https://token.actions.githubusercontent.com/.well-known/jwks',
          audiences: ['https://backstage.example.com:8443'],
          algorithms: ['RS256', 'ES256'],
          allowedOwners: undefined,
          runUrlBase: 'https://github.com',
          instance: 'github.com',
        },
        expect.objectContaining({
          issuer: 'https://token.actions.northwind.ghe.com',
          runUrlBase: 'https://northwind.ghe.com',
        }),
        expect.objectContaining({
          jwksUrl:
            'https://git.northwind.example/_services/token/.well-known/jwks',
          runUrlBase: 'https://git.northwind.example',
          instance: 'git.northwind.example',
        }),
        {
          issuer: 'https://gitlab.northwind.example/gitlab',
          type: 'gitlab',
          jwksUrl:
            'https://gitlab.northwind.example/gitlab/oauth/discovery/keys',
          audiences: ['hardening', 'https://backstage.example.com'],
          algorithms: ['ES256'],
          allowedOwners: ['northwind-freight'],
          runUrlBase: 'https://gitlab.northwind.example/gitlab',
          instance: 'gitlab.northwind.example',
        },
      ],
    });
  });

  it("takes a GitHub issuer's instance from where its run pages live when it is the only one", () => {
    const instanceOf = (issuer: string, runUrlBase?: string) =>
      read({
        trustedPublishing: {
          issuers: [
            { issuer, type: 'github', ...(runUrlBase ? { runUrlBase } : {}) },
          ],
        },
      }).trustedPublishing!.issuers[0].instance;
    expect(instanceOf('https://token.actions.githubusercontent.com')).toBe(
      'github.com',
    );
    expect(instanceOf('https://token.actions.northwind.ghe.com')).toBe(
      'northwind.ghe.com',
    );
    expect(
      instanceOf(
        'https://git.northwind.example/_services/token',
        'https://GIT.northwind.example:8443',
      ),
    ).toBe('git.northwind.example:8443');
  });

  it('accepts plain http for loopback issuers only: localhost, 127.0.0.0/8 and ::1', () => {
    const issuer = (url: string) =>
      read({
        trustedPublishing: { issuers: [{ issuer: url, type: 'gitlab' }] },
      }).trustedPublishing!.issuers[0].issuer;
    for (const url of [
      'http://localhost:7099',
      'http://127.0.0.1:7099',
      'http://127.8.9.10',
      'http://[::1]:7099',
      'http://[::ffff:127.0.0.1]',
    ]) {
      expect(issuer(url)).toBe(url);
    }
    for (const url of [
      'http://127.attacker.example',
      'http://127.0.0.1.nip.io',
      'http://localhost.attacker.example',
      'http://[::2]',
      'http://10.0.0.1',
    ]) {
      expect(() => issuer(url)).toThrow(
        `"${url}" must use https (plain http is accepted on loopback only)`,
      );
    }
  });

  it('normalises bindings: refs and patterns lower-cased, groups as full refs', () => {
    expect(
      read({
        bindings: [
          {
            subject: 'ci-evidence-upload',
            entities: [
              'Component:default/Payments-API',
              'component:default/ledger-*',
            ],
            ownedBy: ['team-payments'],
          },
        ],
      }).bindings,
    ).toEqual([
      {
        subject: 'ci-evidence-upload',
        entityRefs: ['component:default/payments-api'],
        patterns: ['component:default/ledger-*'],
        ownedBy: ['group:default/team-payments'],
      },
    ]);
  });

  it.each([
    [
      {
        trustedPublishing: {
          issuers: [{ issuer: 'http://ci.example.com', type: 'github' }],
        },
      },
      'hardening.ingest.trustedPublishing.issuers.0.issuer: "http://ci.example.com" must use https (plain http is accepted on loopback only)',
    ],
    [
      {
        trustedPublishing: {
          issuers: [
            {
              issuer: 'https://gitlab.com',
              type: 'gitlab',
              algorithms: ['HS256'],
            },
          ],
        },
      },
      'hardening.ingest.trustedPublishing.issuers.0.algorithms.0',
    ],
    [
      {
        trustedPublishing: {
          issuers: [
            { issuer: 'https://gitlab.com', type: 'gitlab' },
            { issuer: 'https://gitlab.com/', type: 'gitlab' },
          ],
        },
      },
      'each issuer may be configured once',
    ],
    [
      {
        trustedPublishing: {
          issuers: [],
          refRules: [{ kinds: ['audit-chain'] }],
        },
      },
      'a ref rule needs refs, events, protectedOnly: true, or several of them',
    ],
    [
      {
        trustedPublishing: {
          issuers: [],
          refRules: [{ events: ['pull request'] }],
        },
      },
      'is an event name, e.g. push, pull_request_target or merge_request_event',
    ],
    [
      {
        trustedPublishing: {
          issuers: [
            {
              issuer: 'https://token.actions.githubusercontent.com',
              type: 'github',
            },
            {
              issuer: 'https://token.actions.northwind.ghe.com',
              type: 'github',
              instance: 'northwind.ghe.com',
            },
          ],
        },
      },
      'with several GitHub issuers each needs an instance (e.g. github.com, github.northwind.example), which entities name in their hardening.io/github-instance annotation: the same owner/name can exist on each',
    ],
    [
      {
        trustedPublishing: {
          issuers: [
            { issuer: 'https://gitlab.com', type: 'gitlab' },
            {
              issuer: 'https://gitlab.northwind.example',
              type: 'gitlab',
              instance: 'GitLab.com',
            },
          ],
        },
      },
      'hardening.ingest.trustedPublishing.issuers.1.instance: https://gitlab.northwind.example and https://gitlab.com are both gitlab instance gitlab.com; give each its own instance (the host its repositories live on)',
    ],
    [
      { trustedPublishing: { issuers: [], refRules: [{ refs: ['main'] }] } },
      'a ref pattern starts with refs/, e.g. refs/tags/*',
    ],
    [
      {
        bindings: [
          {
            subject: 'ci',
            repository: 'a/b',
            entities: ['component:default/x'],
          },
        ],
      },
      'a binding names either a subject (a service principal) or a repository (an OIDC token), not both',
    ],
    [
      { bindings: [{ subject: 'ci' }] },
      'a binding needs entities, ownedBy or both',
    ],
    [
      { bindings: [{ subject: 'ci', entities: ['payments-*'] }] },
      '"payments-*" is not a pattern of the form kind:namespace/name',
    ],
    [
      { bindings: [{ subject: 'ci', ownedBy: ['user:default/ana'] }] },
      'ownedBy lists groups, e.g. group:default/team-payments',
    ],
    [
      {
        bindings: [
          {
            repository: 'a/b',
            issuer: 'https://gitlab.com',
            entities: ['component:default/x'],
          },
        ],
      },
      'hardening.ingest.bindings.0.issuer: https://gitlab.com is not one of hardening.ingest.trustedPublishing.issuers',
    ],
  ])('refuses to start with %j', (ingest, message) => {
    expect(() => read(ingest as JsonObject)).toThrow(message);
  });
});
