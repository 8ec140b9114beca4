import { AuditChainStore } from '../database/AuditChainStore';
import { EvidenceStore } from '../database/EvidenceStore';
import { TestHistoryStore } from '../database/TestHistoryStore';
import { FLAKY_LIMITS, flakyTestList } from '../service/testHistoryRouter';
import { parseWindowQuery } from '../service/windowQuery';
import {
  ActionContext,
  asJson,
  readAccess,
  entityRefInput,
  READ_ONLY,
} from './actionSupport';

/**
 * `get-evidence-summary`, `verify-audit-chain` and `list-flaky-tests`: what the summary,
 * audit chain and test history routes answer.
 */
export function registerEvidenceActions(
  context: ActionContext & {
    store: EvidenceStore;
    chains: AuditChainStore;
    testHistory: TestHistoryStore;
    clock: () => Date;
  },
) {
  const { registry, store, chains, testHistory, clock } = context;

  registry.register({
    name: 'get-evidence-summary',
    title: 'Get evidence summary',
    description:
      'The newest stored report of each evidence kind of an entity (test reports, CI gates, contract results, stress runs, validation, triage, audit chain, git tags): when it was received, from which CI run and commit, and its summary counts (e.g. passed/failed tests, gate statuses). Use it to answer "what evidence does X have and is it green". Needs hardening.evidence.read on the entity.',
    attributes: READ_ONLY,
    schema: {
      input: zod => zod.object({ entityRef: entityRefInput(zod) }).strict(),
      output: zod =>
        zod.object({
          entityRef: zod.string(),
          latest: zod.array(
            zod
              .object({
                id: zod.string(),
                kind: zod.string(),
                receivedAt: zod.string(),
                summary: zod.record(zod.unknown()),
              })
              .passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef } = await readAccess(
        context,
        credentials,
        input.entityRef,
      );
      const latest = JSON.parse(await store.latestReportsJson(entityRef));
      return { output: asJson({ entityRef, latest }) };
    },
  });

  registry.register({
    name: 'verify-audit-chain',
    title: 'Verify release audit chain',
    description:
      "Re-verifies an entity's stored release audit chain from genesis to head (every entry's hash and link) and says whether it is intact, its length and head, or where and why it is broken (break.seq, break.reason, break.message). Reads only. Needs hardening.evidence.read on the entity.",
    attributes: READ_ONLY,
    schema: {
      input: zod => zod.object({ entityRef: entityRefInput(zod) }).strict(),
      output: zod =>
        zod.object({
          entityRef: zod.string(),
          ok: zod.boolean(),
          length: zod.number(),
          head: zod
            .object({ seq: zod.number(), hash: zod.string() })
            .passthrough()
            .nullable(),
          break: zod
            .object({
              seq: zod.number(),
              reason: zod.string(),
              message: zod.string(),
            })
            .passthrough()
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef } = await readAccess(
        context,
        credentials,
        input.entityRef,
        { chainRead: true },
      );
      const verification = await chains.verifyStoredChain(entityRef);
      return { output: asJson({ entityRef, ...verification }) };
    },
  });

  registry.register({
    name: 'list-flaky-tests',
    title: 'List flaky tests',
    description: `The flaky tests of an entity, most flaky first: tests that passed only on retry or both passed and failed on one commit, with runs, flaky runs, same-commit flips and their newest result. By default over the flaky window (the last 14 days); give since for another start. Needs hardening.evidence.read on the entity.`,
    attributes: READ_ONLY,
    schema: {
      input: zod =>
        zod
          .object({
            entityRef: entityRefInput(zod),
            since: zod
              .string()
              .optional()
              .describe(
                'ISO 8601 date-time with offset, e.g. 2025-01-31T00:00:00Z; the flaky window when left out',
              ),
            limit: zod
              .number()
              .int()
              .min(1)
              .max(FLAKY_LIMITS.maxLimit)
              .optional()
              .describe(
                `At most this many tests (default ${FLAKY_LIMITS.defaultLimit})`,
              ),
          })
          .strict(),
      output: zod =>
        zod.object({
          entityRef: zod.string(),
          items: zod.array(
            zod
              .object({
                testId: zod.string(),
                name: zod.string(),
                runs: zod.number(),
                flakyRuns: zod.number(),
                sameCommitFlips: zod.number(),
                lastSeen: zod.string(),
                lastStatus: zod.string(),
              })
              .passthrough(),
          ),
          total: zod.number(),
          since: zod.string(),
          windowDays: zod.number().nullable(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { entityRef } = await readAccess(
        context,
        credentials,
        input.entityRef,
      );
      const { entityRef: _, ...query } = input;
      const { since, limit } = parseWindowQuery(
        JSON.parse(JSON.stringify(query)),
        FLAKY_LIMITS,
      );
      const list = await flakyTestList(testHistory, entityRef, {
        since,
        limit,
        now: clock(),
      });
      return { output: asJson({ entityRef, ...list }) };
    },
  });
}
