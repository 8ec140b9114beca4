import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHardeningApi } from './hardeningApi';

describe('createHardeningApi', () => {
  const received: {
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];
  let status = 201;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        status < 400
          ? JSON.stringify({ id: 'M3.3' })
          : JSON.stringify({
              // The shape of Backstage's error handler.
              error: {
                name: 'NotAllowedError',
                message:
                  'Not allowed to manage milestones of component:default/payments-api',
              },
              request: { method: req.method, url: req.url },
              response: { statusCode: status },
            }),
      );
    });
  });
  let baseUrl: string;

  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/hardening`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    received.length = 0;
  });

  const api = () =>
    createHardeningApi({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
    });

  it("PUTs the milestone with a token on behalf of the task's initiator", async () => {
    status = 201;
    const answer = await api().putMilestone({
      entityPath: 'component/default/payments-api',
      milestoneId: 'M3.3',
      body: {
        title: 't',
        stage: 'hardening-slice',
        thresholds: { p95LimitMs: 500 },
      },
      credentials: mockCredentials.user('user:default/guest'),
    });

    expect(answer).toEqual({ created: true, milestone: { id: 'M3.3' } });
    const [request] = received;
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(
      '/api/hardening/entities/component/default/payments-api/milestones/M3.3',
    );
    expect(request.headers.authorization).toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.user('user:default/guest'),
        targetPluginId: 'hardening',
      })}`,
    );
    expect(JSON.parse(request.body)).toEqual({
      title: 't',
      stage: 'hardening-slice',
      thresholds: { p95LimitMs: 500 },
    });
  });

  it("fails with the backend's message", async () => {
    status = 403;
    await expect(
      api().putMilestone({
        entityPath: 'component/default/payments-api',
        milestoneId: 'M3.3',
        body: {},
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(
      'The Hardening backend refused milestone M3.3 (403): Not allowed to manage milestones of component:default/payments-api',
    );
  });
});
