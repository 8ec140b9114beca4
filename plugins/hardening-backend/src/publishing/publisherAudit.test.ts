import { DefaultAuditorService } from '@backstage/backend-defaults/auditor';
import { AuditorService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import {
  githubClaims,
  githubPublisherMeta,
  LocalIssuer,
  startLocalIssuer,
} from '../__testUtils__/localIssuer';
import {
  BACKEND_BASE_URL,
  memoryCache,
} from '../__testUtils__/publishingTestKit';
import { withPublisherAudit } from './publisherAudit';
import { readPublishingSettings } from './publishingSettings';
import { TrustedPublisherVerifier } from './trustedPublisherVerifier';

describe('audit events of CI token requests', () => {
  const now = new Date('2026-11-20T12:00:00Z');
  let issuer: LocalIssuer;
  let verifier: TrustedPublisherVerifier;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
    await issuer.addKey('k1');
    const { trustedPublishing } = readPublishingSettings(
      new ConfigReader({
        backend: { baseUrl: BACKEND_BASE_URL },
        hardening: {
          ingest: {
            trustedPublishing: {
              issuers: [{ issuer: issuer.issuer, type: 'github' }],
            },
          },
        },
      }),
    );
    verifier = new TrustedPublisherVerifier(trustedPublishing!, {
      cache: memoryCache(),
      now: () => now.getTime(),
    });
  });
  afterAll(() => issuer.close());

  /** Backstage's own auditor, which works out the actor by authenticating the request. */
  function realAuditor() {
    const log = jest.fn();
    const auditor = DefaultAuditorService.create(log, {
      auth: mockServices.auth(),
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
      plugin: { getId: () => 'hardening' },
    });
    return { log, auditor };
  }

  /** An app that verifies the CI token, then audits an upload event. */
  function app(auditor: AuditorService) {
    const router = Router();
    router.post('/upload', async (req, res) => {
      await verifier.publisherOf(req);
      const event = await auditor.createEvent({
        eventId: 'evidence-upload',
        request: req,
        meta: { entityRef: 'component:default/payments-api' },
      });
      await event.success();
      res.status(201).json({});
    });
    return express().use(router).use(mockErrorHandler());
  }

  const upload = async (auditor: AuditorService) =>
    request(app(auditor))
      .post('/upload')
      .set('user-agent', 'hardening-cli/1.0')
      .set(
        'authorization',
        `Bearer ${await issuer.sign(githubClaims(), {
          audience: BACKEND_BASE_URL,
          now,
        })}`,
      );

  it("would fail the upload with Backstage's auditor as it is, which cannot authenticate the token", async () => {
    const { auditor } = realAuditor();
    expect((await upload(auditor)).status).toBe(401);
  });

  it('records the CI job in the meta and no actor id', async () => {
    const { auditor, log } = realAuditor();
    expect((await upload(withPublisherAudit(auditor))).status).toBe(201);
    expect(log).toHaveBeenCalledTimes(2);
    const succeeded = log.mock.calls[1][0];
    expect(succeeded).toMatchObject({
      eventId: 'evidence-upload',
      status: 'succeeded',
      actor: { actorId: undefined, userAgent: 'hardening-cli/1.0' },
      request: { method: 'POST', url: '/upload' },
      meta: {
        entityRef: 'component:default/payments-api',
        ciPublisher: githubPublisherMeta(issuer.issuer),
      },
    });
    expect(succeeded.actor.ip).toMatch(/127\.0\.0\.1/);
  });

  it('passes events of other requests on unchanged, with their actor', async () => {
    const { auditor, log } = realAuditor();
    const res = await request(app(withPublisherAudit(auditor)))
      .post('/upload')
      .set('authorization', mockCredentials.user.header('user:default/ana'));
    expect(res.status).toBe(201);
    expect(log.mock.calls[1][0]).toMatchObject({
      actor: { actorId: 'user:default/ana' },
      meta: { entityRef: 'component:default/payments-api' },
    });
    expect(log.mock.calls[1][0].meta.ciPublisher).toBeUndefined();
  });
});
