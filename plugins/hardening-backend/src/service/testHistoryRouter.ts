import { InputError } from '@backstage/errors';
import {
  DAY_MS,
  FLAKY_WINDOW_DAYS,
  FlakyTestList,
  flakyWindowStart,
  hardeningEvidenceReadPermission,
  TestDayList,
} from '@hardening/backstage-plugin-hardening-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { TestHistoryStore } from '../database/TestHistoryStore';
import { parseListQuery, parseQuery } from './ciContextQuery';
import { EntityAccessCheck } from './entityAccess';
import { ENTITY_PATH } from './reportRoutes';
import { parseWindowQuery } from './windowQuery';

/** The most days `GET …/tests/days` answers for, and its default. */
const MAX_TEST_DAYS = 366;
const DEFAULT_TEST_DAYS = 90;

export type TestHistoryRouterOptions = {
  testHistoryStore: TestHistoryStore;
  checkEntityAccess: EntityAccessCheck;
  /** Now, for the start of the flaky window. */
  clock?: () => Date;
};

const testIdSchema = z.string().min(1).max(1024);

/** `GET …/tests/days`: the test and how many days back (today included). */
const testDaysQuery = z
  .object({
    testId: testIdSchema,
    days: z
      .string()
      .regex(/^[0-9]{1,3}$/, 'must be a whole number of days')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_TEST_DAYS))
      .optional(),
  })
  .strict();

/** The most flaky tests `GET …/tests/flaky` and the list-flaky-tests action answer, and their default. */
export const FLAKY_LIMITS = { defaultLimit: 50, maxLimit: 500 };

/**
 * The flaky tests of an entity since `since`, or in the flaky window before `now` when
 * the caller chose no start.
 */
export async function flakyTestList(
  store: TestHistoryStore,
  entityRef: string,
  window: { since?: Date; limit: number; now: Date },
): Promise<FlakyTestList> {
  const start = window.since ?? flakyWindowStart(window.now);
  const { items, total } = await store.flakyTests(entityRef, {
    since: start,
    limit: window.limit,
  });
  return {
    items,
    total,
    since: start.toISOString(),
    windowDays: window.since ? null : FLAKY_WINDOW_DAYS,
  };
}

/** Per-test history and flaky tests of an entity, from its stored test reports. */
export function createTestHistoryRouter(options: TestHistoryRouterOptions) {
  const { testHistoryStore, checkEntityAccess } = options;
  const clock = options.clock ?? (() => new Date());
  const router = Router();

  router.get(`${ENTITY_PATH}/tests/history`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { testId, ...listQuery } = req.query;
    const id = testIdSchema.safeParse(testId);
    if (!id.success) {
      throw new InputError(
        'testId is required: one test id of at most 1024 characters, as in the test results',
      );
    }
    const page = await testHistoryStore.testHistory(
      entityRef,
      id.data,
      parseListQuery(listQuery),
    );
    res.json({ testId: id.data, ...page });
  });

  router.get(`${ENTITY_PATH}/tests/days`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { testId, days = DEFAULT_TEST_DAYS } = parseQuery(
      testDaysQuery,
      req.query,
      `testId: one test id of at most 1024 characters; days: 1 to ${MAX_TEST_DAYS}, default ${DEFAULT_TEST_DAYS}`,
    );
    const since = new Date(clock().getTime() - (days - 1) * DAY_MS);
    const items = await testHistoryStore.testDays(entityRef, testId, since);
    const body: TestDayList = {
      testId,
      since: since.toISOString().slice(0, 10),
      items,
    };
    res.json(body);
  });

  router.get(`${ENTITY_PATH}/tests/flaky`, async (req, res) => {
    const { entityRef } = await checkEntityAccess(
      req,
      hardeningEvidenceReadPermission,
    );
    const { since, limit } = parseWindowQuery(req.query, FLAKY_LIMITS);
    const body = await flakyTestList(testHistoryStore, entityRef, {
      since,
      limit,
      now: clock(),
    });
    res.json(body);
  });

  return router;
}
