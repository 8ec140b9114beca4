import { createServer, RequestListener } from 'node:http';
import { AddressInfo } from 'node:net';
import { memoryCache } from '../__testUtils__/publishingTestKit';
import { fetchJwks, MAX_JWKS_BYTES } from './fetchJwks';
import { IssuerKeys, JWKS_REFRESH_COOLDOWN_MS } from './issuerKeys';

const rsaKey = {
  kty: 'RSA',
  kid: 'k1',
  use: 'sig',
  alg: 'RS256',
  n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
  e: 'AQAB',
};

async function serve(handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

const json =
  (body: unknown): RequestListener =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

describe('fetchJwks', () => {
  it('keeps public signature keys of asymmetric types only, without private members', async () => {
    const server = await serve(
      json({
        keys: [
          { ...rsaKey, d: 'private', p: 'x', q: 'y' },
          { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' },
          { ...rsaKey, kid: 'enc', use: 'enc' },
        ],
      }),
    );
    try {
      expect(await fetchJwks(server.url)).toEqual({ keys: [rsaKey] });
    } finally {
      await server.close();
    }
  });

  it.each<[string, RequestListener, RegExp]>([
    [
      'a JWKS over the size limit',
      json({ keys: [{ ...rsaKey, x5c: ['a'.repeat(MAX_JWKS_BYTES)] }] }),
      /larger than 65536 bytes/,
    ],
    [
      'an error answer',
      (_req, res) => res.writeHead(503).end(),
      /answered 503/,
    ],
    [
      'a redirect',
      (_req, res) => res.writeHead(302, { location: '/elsewhere' }).end(),
      /could not be fetched: unexpected redirect/,
    ],
    ['not JSON', (_req, res) => res.end('<html>'), /did not answer with JSON/],
    [
      'JSON that is no JWKS',
      json({ keys: 'none' }),
      /did not answer with a JWKS/,
    ],
  ])('refuses %s', async (_name, handler, message) => {
    const server = await serve(handler);
    try {
      await expect(fetchJwks(server.url)).rejects.toThrow(message);
    } finally {
      await server.close();
    }
  });

  it('gives up on an issuer that does not answer', async () => {
    const server = await serve(() => {
      // never answers
    });
    try {
      await expect(fetchJwks(server.url, { timeoutMs: 50 })).rejects.toThrow(
        /could not be fetched: .*aborted due to timeout/,
      );
    } finally {
      await server.close();
    }
  });
});

describe('IssuerKeys', () => {
  it('shares the JWKS between replicas through the cache service', async () => {
    let fetches = 0;
    const server = await serve((req, res) => {
      fetches += 1;
      json({ keys: [rsaKey] })(req, res);
    });
    try {
      const cache = memoryCache();
      const replica = () =>
        new IssuerKeys({
          issuer: 'https://ci.example.com',
          jwksUrl: server.url,
          cache,
          now: () => 0,
        });
      await replica().current();
      await replica().current();
      expect(fetches).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('answers 503 while the issuer cannot be reached, asking it again only after the cooldown', async () => {
    let fetches = 0;
    const server = await serve((_req, res) => {
      fetches += 1;
      res.writeHead(500).end();
    });
    let now = 0;
    const keys = new IssuerKeys({
      issuer: 'https://ci.example.com',
      jwksUrl: server.url,
      cache: memoryCache(),
      now: () => now,
    });
    try {
      for (let i = 0; i < 3; i++) {
        await expect(keys.current()).rejects.toMatchObject({
          name: 'ServiceUnavailableError',
          message: `Could not fetch the signing keys of https://ci.example.com (${server.url} answered 500); try the upload again later`,
        });
      }
      expect(fetches).toBe(1);
      now += JWKS_REFRESH_COOLDOWN_MS;
      await expect(keys.current()).rejects.toThrow();
      expect(fetches).toBe(2);
    } finally {
      await server.close();
    }
  });
});
