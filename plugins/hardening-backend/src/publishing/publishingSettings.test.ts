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
          },
          {
            issuer: 'https://token.actions.northwind.ghe.com/',
            type: 'github',
          },
          {
            issuer: 'https://git.northwind.example/_services/token',
            type: 'github',
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
          instance: 'token.actions.githubusercontent.com',
        },
        expect.objectContaining({
          issuer: 'https://token.actions.northwind.ghe.com',
          runUrlBase: 'https://northwind.ghe.com',
        }),
        expect.objectContaining({
          jwksUrl:
            'https://git.northwind.example/_services/token/.well-known/jwks',
          runUrlBase: 'https://git.northwind.example',
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
      'a ref rule needs refs, protectedOnly: true, or both',
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
