import { z } from 'zod';

/**
 * What a test's failures mean for the checklists: `active` (default) counts; a
 * `quarantined` test still runs but its failures do not count against the e2e checklist
 * item (nor the freeze state the scorecard shows); a `disabled` test should not run and
 * blocks a freeze of a milestone it is an e2e test of unless the freeze gives a reason;
 * `fixed` counts like `active` and records that the flake was fixed.
 *
 * @public
 */
export const TEST_QUARANTINE_STATES = [
  'active',
  'quarantined',
  'disabled',
  'fixed',
] as const;

/** @public */
export type TestQuarantineState = (typeof TEST_QUARANTINE_STATES)[number];

/** The states that need an expiry. @public */
export const EXPIRING_QUARANTINE_STATES: readonly TestQuarantineState[] = [
  'quarantined',
  'disabled',
];

/** Longest reason of a quarantine change or of a freeze despite disabled tests. @public */
export const MAX_QUARANTINE_REASON_LENGTH = 1000;

/** A reason: trimmed, 1 to {@link MAX_QUARANTINE_REASON_LENGTH} characters. @public */
export const quarantineReasonSchema = z
  .string()
  .trim()
  .min(1, 'a reason is required')
  .max(MAX_QUARANTINE_REASON_LENGTH);

/**
 * Body of `POST …/tests/quarantine`: the test, its new state, why and (quarantined or
 * disabled only) until when; the expiry defaults to `hardening.flaky.defaultQuarantineDays`.
 *
 * @public
 */
export const testQuarantineRequestSchema = z.strictObject({
  testId: z.string().min(1).max(1024),
  state: z.enum(TEST_QUARANTINE_STATES),
  reason: quarantineReasonSchema,
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/** @public */
export type TestQuarantineRequest = z.infer<typeof testQuarantineRequestSchema>;

/**
 * One test's quarantine state, with who changed it last, why, when and until when.
 *
 * @public
 */
export type TestQuarantine = {
  testId: string;
  state: TestQuarantineState;
  reason: string;
  changedBy: string;
  changedAt: string;
  /** Quarantined and disabled tests only: when the test is active again. */
  expiresAt?: string;
  /**
   * A quarantined test whose newest `hardening.flaky.fixedAfterPasses` results all passed:
   * proposed to be set `fixed`.
   */
  proposedFixed: boolean;
  /** Consecutive passes, newest result first (counted up to the threshold). */
  passesInARow: number;
};

/** Body of `GET …/tests/quarantine`: every test whose state was ever changed. @public */
export type TestQuarantineList = {
  items: TestQuarantine[];
  fixedAfterPasses: number;
};

/** One change, as the history stores it. @public */
export type TestQuarantineChange = {
  testId: string;
  from: TestQuarantineState;
  to: TestQuarantineState;
  reason: string;
  changedBy: string;
  changedAt: string;
  expiresAt?: string;
};

/** Answer of `POST …/tests/quarantine`. @public */
export type TestQuarantineChangeResponse = {
  quarantine: TestQuarantine;
  change: TestQuarantineChange;
};
