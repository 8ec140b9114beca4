import { InputError } from '@backstage/errors';
import {
  DAY_MS,
  FLAKY_TEST_SORTS,
  FLAKY_WINDOW_DAYS,
  FlakyTestList,
  FlakyTestSort,
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
import { MAX_FLAKY_WINDOW_DAYS } from '../quarantine/flakySettings';

/** The most days `GET …/tests/days` answers for, and its default. */
const MAX_TEST_DAYS = 366;
const DEFAULT_TEST_DAYS = 90;

export type TestHistoryRouterOptions = {
  testHistoryStore: TestHistoryStore;
  checkEntityAccess: EntityAccessCheck;
  /** Now, for the start of the flaky window. */
  clock?: () => Date;
  /** `hardening.flaky.windowDays`: the window when the caller names none (default 14). */
  windowDays?: number;
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
  window: {
    since?: Date;
    windowDays?: number;
    limit: number;
    sort?: FlakyTestSort;
    now: Date;
  },
): Promise<FlakyTestList> {
  const days = window.windowDays ?? FLAKY_WINDOW_DAYS;
  const start = window.since ?? flakyWindowStart(window.now, days);
  const { items, total } = await store.flakyTests(entityRef, {
    since: start,
    limit: window.limit,
    sort: window.sort,
  });
  return {
    items,
    total,
    since: start.toISOString(),
    windowDays: window.since ? null : days,
  };
}

/** `GET …/tests/flaky`: a start or a window in days (not both), the order and how many. */
const flakyQuerySchema = z
  .strictObject({
    since: z.iso.datetime({ offset: true }).optional(),
    windowDays: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_FLAKY_WINDOW_DAYS)
      .optional(),
    sort: z.enum(FLAKY_TEST_SORTS).default('flakyRuns'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(FLAKY_LIMITS.maxLimit)
      .default(FLAKY_LIMITS.defaultLimit),
  })
  .refine(q => !(q.since && q.windowDays), {
    message: 'give since or windowDays, not both',
  });

/** Per-test history and flaky tests of an entity, from its stored test reports. */
export function createTestHistoryRouter(options: TestHistoryRouterOptions) {
  const { testHistoryStore, checkEntityAccess } = options;
  const clock = options.clock ?? (() => new Date());
  const windowDays = options.windowDays ?? FLAKY_WINDOW_DAYS;
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
    const query = parseQuery(
      flakyQuerySchema,
      req.query,
      `since: an ISO date-time, or windowDays: 1 to ${MAX_FLAKY_WINDOW_DAYS}; sort: ${FLAKY_TEST_SORTS.join(
        ', ',
      )}; limit: 1 to ${FLAKY_LIMITS.maxLimit}`,
    );
    const body = await flakyTestList(testHistoryStore, entityRef, {
      since: query.since ? new Date(query.since) : undefined,
      windowDays: query.since ? undefined : query.windowDays ?? windowDays,
      sort: query.sort,
      limit: query.limit,
      now: clock(),
    });
    res.json(body);
  });

  return router;
}
