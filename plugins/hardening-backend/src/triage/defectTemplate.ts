import {
  DefectFields,
  RunbookSectionLink,
  StoredTriageFailure,
} from '@hardening/backstage-plugin-hardening-common';

/**
 * The built-in defect body. `{{field}}` placeholders take the fields of
 * {@link DefectFields}; a list field alone on its line becomes a bullet list.
 */
export const DEFAULT_DEFECT_TEMPLATE = `## {{title}}

- **scenarioId:** \`{{scenarioId}}\`
- **invariantId:** \`{{invariantId}}\`
- **Organization under test:** {{organizationUnderTest}}
- **CI run:** {{ciRun}} (commit \`{{commit}}\`)

### Artifacts

{{artifacts}}

### Expected

{{expected}}

### Observed

{{observed}}

### Reproduce locally

{{repro}}

### Key entity ids

{{keyEntityIds}}

---
Runbook: {{runbookSection}} {{runbookUrl}}
Failure \`{{fingerprint}}\` of {{entityRef}}
`;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

const NOT_REPORTED = '(not reported)';

/** One line, at most `max` characters. */
function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** What the defect says went wrong, in one short line. */
function symptomOf(failure: StoredTriageFailure): string {
  const said =
    failure.symptom ?? failure.title ?? failure.message?.split('\n')[0];
  return said ? oneLine(said, 100) : 'no symptom reported';
}

/**
 * `Integration failure: <scenarioId> / <invariantId> (<symptom>)`, with `missing …` for
 * an id the harness did not print.
 */
export function defectTitle(failure: StoredTriageFailure): string {
  return `Integration failure: ${
    failure.scenarioId ?? 'missing scenarioId'
  } / ${failure.invariantId ?? 'missing invariantId'} (${symptomOf(failure)})`;
}

/**
 * Fills `{{field}}` placeholders. Lists become a bullet list when the placeholder is
 * alone on its line, and a comma-separated list otherwise. Unknown placeholders stay as
 * they are. Nothing in a template is evaluated: it is text with holes.
 */
export function renderTemplate(
  template: string,
  fields: Readonly<Record<string, string | readonly string[]>>,
): string {
  return template
    .split('\n')
    .map(line => {
      const alone = /^\s*\{\{\s*[A-Za-z]+\s*\}\}\s*$/.test(line);
      return line.replace(PLACEHOLDER, (placeholder, name: string) => {
        if (!Object.hasOwn(fields, name)) return placeholder;
        const value = fields[name];
        if (typeof value === 'string') return value;
        if (value.length === 0) return alone ? '- (none)' : '(none)';
        return alone ? value.map(v => `- ${v}`).join('\n') : value.join(', ');
      });
    })
    .join('\n');
}

/**
 * The fields of the defect for a failure. Expected, observed and the repro command come
 * from the failure's `expected`, `observed` and `repro` labels when the harness sent
 * them; observed falls back to the message, repro to `hardening.triage.reproCommand`.
 */
export function defectFields(options: {
  entityRef: string;
  failure: StoredTriageFailure;
  runUrl?: string;
  runId?: string;
  reproCommand?: string;
  runbook?: { link: RunbookSectionLink; url?: string };
}): DefectFields {
  const { entityRef, failure, runbook } = options;
  const labels = failure.labels;
  const base = {
    scenarioId: failure.scenarioId ?? 'missing',
    invariantId: failure.invariantId ?? 'missing',
    symptom: symptomOf(failure),
  };
  const repro =
    labels.repro ??
    (options.reproCommand
      ? renderTemplate(options.reproCommand, base)
      : '(no repro command: send a `repro` label or set hardening.triage.reproCommand)');
  return {
    title: defectTitle(failure),
    ...base,
    organizationUnderTest: failure.organizationUnderTest ?? NOT_REPORTED,
    ciRun: options.runUrl ?? options.runId ?? NOT_REPORTED,
    commit: failure.commit ?? NOT_REPORTED,
    artifacts: failure.evidence.map(
      e => `${e.kind}: ${e.uri}${e.label ? ` (${e.label})` : ''}`,
    ),
    expected: labels.expected ?? '(not reported by the harness)',
    observed:
      labels.observed ??
      failure.message ??
      failure.symptom ??
      failure.title ??
      NOT_REPORTED,
    repro,
    keyEntityIds: failure.keyEntityIds,
    fingerprint: failure.fingerprint,
    entityRef,
    runbookUrl: runbook?.url ?? '',
    runbookSection: runbook
      ? `${runbook.link.runbookTitle} › ${runbook.link.heading}`
      : 'none covers this scenario prefix',
  };
}
