import { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import { currentSchemaVersion } from '../database/migrations';

export type RouterOptions = {
  database: Knex;
};

export async function createRouter({
  database,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', async (_req, res) => {
    const body: HardeningHealth = {
      status: 'ok',
      schemaVersion: await currentSchemaVersion(database),
    };
    res.json(body);
  });

  return router;
}
