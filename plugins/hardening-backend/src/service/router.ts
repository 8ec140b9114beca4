import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { EvidenceStore } from '../database/EvidenceStore';
import { currentSchemaVersion } from '../database/migrations';
import { createEntityAccessCheck } from './entityAccess';
import { createCiGatesRouter } from './ciGatesRouter';
import { createSummaryRouter } from './summaryRouter';
import { createTestReportsRouter } from './testReportsRouter';

export type RouterOptions = {
  database: Knex;
  store: EvidenceStore;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  maxUploadBytes: number;
  clock?: () => Date;
};

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { database, store, auditor, maxUploadBytes } = options;
  const checkEntityAccess = createEntityAccessCheck(options);
  const clock = options.clock ?? (() => new Date());

  const router = Router();

  router.get('/health', async (_req, res) => {
    const body: HardeningHealth = {
      status: 'ok',
      schemaVersion: await currentSchemaVersion(database),
    };
    res.json(body);
  });

  router.use(
    createTestReportsRouter({
      store,
      auditor,
      checkEntityAccess,
      maxUploadBytes,
      clock,
    }),
  );
  router.use(createCiGatesRouter({ store, auditor, checkEntityAccess, clock }));
  router.use(createSummaryRouter({ store, checkEntityAccess }));

  return router;
}
