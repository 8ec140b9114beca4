import {
  TRIAGE_CLASS_LABELS,
  TriageSuggestion,
} from '@hardening/backstage-plugin-hardening-common';
import { TriageRule } from './triageSettings';

/** What a suggestion looks at: the newest occurrence and the failure's history. */
export type SuggestionInput = {
  scenarioId?: string;
  invariantId?: string;
  title?: string;
  symptom?: string;
  message?: string;
  stack?: string;
  /** A commit on which it both failed and passed (see TriageGroupRecord.flaky). */
  flaky?: { commit: string; commits: number };
};

/**
 * Signatures of an environment that was not there: refused or reset connections,
 * timeouts, DNS failures and unavailable services. Matched case-insensitively in the
 * message, symptom, title and stack.
 */
const INFRA_SIGNATURES: ReadonlyArray<[RegExp, string]> = [
  [/\bECONNREFUSED\b|connection refused/i, 'connection refused'],
  [/\bECONNRESET\b|connection reset/i, 'connection reset'],
  [/\bETIMEDOUT\b|\btimed out\b|\btimeout\b/i, 'timeout'],
  [/\bENOTFOUND\b|\bEAI_AGAIN\b/i, 'host name not resolved'],
  [/\b503\b|service unavailable/i, 'HTTP 503 / service unavailable'],
];

/** Names of the built-in rules, as shown in `because.ruleName`. */
export const BUILTIN_RULES = {
  missingIds: 'builtin:missing-ids',
  infraSignature: 'builtin:infra-signature',
} as const;

function messageText(input: SuggestionInput): string {
  return [input.title, input.symptom, input.message]
    .filter((t): t is string => Boolean(t))
    .join('\n');
}

function matchingRule(
  rules: readonly TriageRule[],
  input: SuggestionInput,
): TriageRule | undefined {
  const message = messageText(input);
  const trace = input.stack ?? '';
  return rules.find(
    rule =>
      (!rule.messagePattern || rule.messagePattern.test(message)) &&
      (!rule.tracePattern || rule.tracePattern.test(trace)),
  );
}

function describeRule(rule: TriageRule): string {
  const parts = [
    rule.messagePattern && `message matches /${rule.messagePattern.source}/`,
    rule.tracePattern && `stack trace matches /${rule.tracePattern.source}/`,
  ].filter(Boolean);
  return `${parts.join(' and ')} (hardening.triage.rules)`;
}

/**
 * The class suggested for a failure, first match wins:
 *
 * 1. the configured rules (`hardening.triage.rules`), in their order, like Allure's
 *    categories: every pattern a rule has must be found;
 * 2. a failure without its scenarioId or invariantId is a harness/diagnostics defect;
 * 3. a failure that both failed and passed on one commit is a flake (history);
 * 4. connection refused/reset, timeouts, DNS failures and 503s are infra/CI.
 *
 * Undefined when nothing applies.
 */
export function suggestTriageClass(
  input: SuggestionInput,
  rules: readonly TriageRule[],
): TriageSuggestion | undefined {
  const rule = matchingRule(rules, input);
  if (rule) {
    return {
      class: rule.class,
      because: {
        kind: 'rule',
        ruleName: rule.name,
        detail: describeRule(rule),
      },
    };
  }
  if (!input.scenarioId || !input.invariantId) {
    const missing = [
      !input.scenarioId && 'scenarioId',
      !input.invariantId && 'invariantId',
    ].filter(Boolean);
    return {
      class: 'harness',
      because: {
        kind: 'rule',
        ruleName: BUILTIN_RULES.missingIds,
        detail: `the failure does not name its ${missing.join(
          ' or ',
        )}: the harness must print both`,
      },
    };
  }
  if (input.flaky) {
    const others =
      input.flaky.commits > 1
        ? ` (and on ${input.flaky.commits - 1} other commit${
            input.flaky.commits > 2 ? 's' : ''
          })`
        : '';
    return {
      class: 'flake',
      because: {
        kind: 'history',
        detail: `it failed in some integration runs of commit ${input.flaky.commit.slice(
          0,
          12,
        )} and passed in others${others}`,
      },
    };
  }
  const text = `${messageText(input)}\n${input.stack ?? ''}`;
  const signature = INFRA_SIGNATURES.find(([pattern]) => pattern.test(text));
  if (signature) {
    return {
      class: 'infra-ci',
      because: {
        kind: 'rule',
        ruleName: BUILTIN_RULES.infraSignature,
        detail: `${signature[1]} signature: looks like ${TRIAGE_CLASS_LABELS['infra-ci']}, not the code under test`,
      },
    };
  }
  return undefined;
}
