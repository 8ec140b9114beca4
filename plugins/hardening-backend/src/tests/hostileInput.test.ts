import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Server, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { hardeningPlugin } from '../plugin';
import { testEntity } from '../__testUtils__/routeTestKit';

jest.setTimeout(60_000);

const base = '/api/hardening/entities/component/default/payments-api';
const MAX_UPLOAD_BYTES = 1024 * 1024;

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<testsuites><testsuite name="&lol3;"/></testsuites>`;

const xxe = `<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<testsuites><testsuite name="&x;"/></testsuites>`;

const deepNesting = `${'<testsuite name="s">'.repeat(
  10_000,
)}${'</testsuite>'.repeat(10_000)}`;

/**
 * Hostile uploads against the whole plugin on a real HTTP server: every one gets a 4xx
 * with a JSON error, nothing is stored, and the server still answers afterwards.
 */
describe('hostile input', () => {
  let server: Server;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        hardeningPlugin,
        catalogServiceMock.factory({ entities: [testEntity] }),
        mockServices.rootConfig.factory({
          data: { hardening: { ingest: { maxUploadBytes: MAX_UPLOAD_BYTES } } },
        }),
      ],
    }));
  });

  /** Nothing was stored, and the server still answers. */
  async function expectNothingStoredAndHealthy() {
    const reports = await request(server).get(`${base}/test-reports`);
    expect(reports.status).toBe(200);
    expect(reports.body.items).toEqual([]);
    const gates = await request(server).get(`${base}/ci-gates`);
    expect(gates.body.items).toEqual([]);
    const health = await request(server).get('/api/hardening/health');
    expect(health.status).toBe(200);
  }

  it.each([
    ['XXE (external entity)', 'application/xml', xxe, 400, /DTD/],
    [
      'billion laughs (entity expansion)',
      'application/xml',
      billionLaughs,
      400,
      /DTD/,
    ],
    ['10,000 nested suites', 'application/xml', deepNesting, 400, /deep/i],
    [
      'truncated XML',
      'application/xml',
      '<testsuites><testsuite name="a"><testcase name="b">',
      400,
      /line 1/,
    ],
    [
      'prototype-polluting tag names',
      'application/xml',
      '<__proto__><constructor/></__proto__>',
      400,
      /root/i,
    ],
    [
      'a wrong content type',
      'text/csv',
      'name,status\na,passed',
      415,
      /Content-Type/,
    ],
    [
      'JSON that is not CTRF',
      'application/json',
      '{"results":{"tests":[{"name":1}]}}',
      400,
      /tests/,
    ],
  ] as const)('refuses %s', async (_name, type, body, status, message) => {
    const res = await request(server)
      .post(`${base}/test-reports`)
      .set('Content-Type', type)
      .send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    await expectNothingStoredAndHealthy();
  });

  it('refuses invalid UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('<testsuites><testsuite name="'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"/></testsuites>'),
    ]);
    const res = await request(server)
      .post(`${base}/test-reports`)
      .set('Content-Type', 'application/xml')
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/UTF-8/);
    await expectNothingStoredAndHealthy();
  });

  it('refuses unknown fields in a JSON upload', async () => {
    const res = await request(server)
      .post(`${base}/ci-gates`)
      .send({ gates: [{ name: 'lint', status: 'passed' }], extra: true });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/extra/);
    await expectNothingStoredAndHealthy();
  });

  it('answers 413 to a 300 MB streamed body without reading it all', async () => {
    const { port } = server.address() as AddressInfo;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          method: 'POST',
          path: `${base}/test-reports`,
          headers: {
            'Content-Type': 'application/xml',
            'Transfer-Encoding': 'chunked',
          },
        },
        res => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', error => {
        // The server may close the connection once it has answered.
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET')
          reject(error);
      });
      const pump = () => {
        while (sent < 300 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(300 * 1024 * 1024);
    await expectNothingStoredAndHealthy();
  });
});
