import {
  ACTIVE_TRIAGE_STATUSES,
  TriageEscalation,
  TriageFailureState,
} from '@hardening/backstage-plugin-hardening-common';

const HOUR_MS = 3_600_000;

/** What escalation looks at for one failure. */
export type EscalationInput = {
  entityRef: string;
  invariantId?: string;
  scenarioPrefix?: string;
  firstSeen: string;
  state: TriageFailureState;
};

/**
 * Escalation flags of a set of failures (a queue), judged at `now`:
 *
 * - `unclassifiedTooLong`: still open `escalateAfterHours` after it was first seen, or
 *   after it was reopened;
 * - `spansScenarioClasses`: its invariant fails, unresolved, in scenarios of two or more
 *   taxonomy prefixes of the same entity (likely the harness or a shared service).
 *
 * The result is in the order of `failures`.
 */
export function escalateFailures(
  failures: readonly EscalationInput[],
  options: { now: Date; escalateAfterHours: number },
): TriageEscalation[] {
  const prefixesByInvariant = new Map<string, Set<string>>();
  const keyOf = (f: EscalationInput) => `${f.entityRef}\u0000${f.invariantId}`;
  for (const failure of failures) {
    if (
      !failure.invariantId ||
      !failure.scenarioPrefix ||
      !ACTIVE_TRIAGE_STATUSES.includes(failure.state.status)
    ) {
      continue;
    }
    const key = keyOf(failure);
    const prefixes = prefixesByInvariant.get(key) ?? new Set<string>();
    prefixes.add(failure.scenarioPrefix);
    prefixesByInvariant.set(key, prefixes);
  }

  const afterMs = options.escalateAfterHours * HOUR_MS;
  return failures.map(failure => {
    const escalation: TriageEscalation = {
      unclassifiedTooLong: false,
      spansScenarioClasses: false,
    };
    if (failure.state.status === 'open') {
      // A reopened failure counts from its reopening.
      const since = Date.parse(
        failure.state.statusChangedAt ?? failure.firstSeen,
      );
      const escalateAt = new Date(since + afterMs);
      escalation.escalateAt = escalateAt.toISOString();
      escalation.unclassifiedTooLong =
        options.now.getTime() >= escalateAt.getTime();
    }
    const prefixes = failure.invariantId
      ? prefixesByInvariant.get(keyOf(failure))
      : undefined;
    if (
      prefixes &&
      prefixes.size > 1 &&
      ACTIVE_TRIAGE_STATUSES.includes(failure.state.status)
    ) {
      escalation.spansScenarioClasses = true;
      escalation.scenarioPrefixes = [...prefixes].sort();
    }
    return escalation;
  });
}
