import { SCENARIO_TAXONOMY } from '@hardening/backstage-plugin-hardening-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseRunbook } from './parseRunbook';
import { findDate, runbookStaleness } from './runbookDates';

const fixture = (name: string) =>
  readFileSync(resolve(__dirname, '__fixtures__', name), 'utf8');

describe('parseRunbook', () => {
  it('reads a service runbook with front matter, walkthroughs, prefix sections and known issues', () => {
    const runbook = parseRunbook(fixture('service-runbook.md'), [
      ...SCENARIO_TAXONOMY,
    ]);
    expect(runbook.title).toBe('Payments API integration runbook');
    expect(runbook.lastUpdated).toBe('2026-09-01');
    expect(runbook.nextReview).toBe('2026-12-01');
    expect(runbook.markdown.startsWith('\n# Payments API runbook')).toBe(true);
    expect(runbook.toc.map(h => [h.depth, h.id])).toEqual([
      [1, 'payments-api-runbook'],
      [2, 'walkthroughs'],
      [3, 'w0-start-from-a-clean-database'],
      [3, 'w1-run-one-scenario'],
      [3, 'w2-look-at-tenant-isolation-by-hand'],
      [2, 'scenario-sections'],
      [3, 'bid--bidding-failures'],
      [3, 'nos--no-show-detection'],
      [2, 'known-issues'],
    ]);
    expect(runbook.walkthroughs).toEqual([
      {
        sectionId: 'w0-start-from-a-clean-database',
        title: 'W0. Start from a clean database',
        commands: [
          {
            lang: 'bash',
            code: 'docker compose up -d db\nyarn db:reset\nyarn db:seed --mode e2e',
            sectionId: 'w0-start-from-a-clean-database',
          },
        ],
        passSignals: ['the seed prints seeded 3 organisations and exits 0.'],
      },
      expect.objectContaining({
        sectionId: 'w1-run-one-scenario',
        passSignals: [
          'the scenario finishes green twice in a row with the same seed.',
        ],
      }),
      // Under "Walkthroughs", so it counts even without a pass signal.
      expect.objectContaining({
        sectionId: 'w2-look-at-tenant-isolation-by-hand',
        commands: [expect.objectContaining({ lang: 'sql' })],
        passSignals: [],
      }),
    ]);
    expect(runbook.prefixSections).toEqual({
      BID: 'bid--bidding-failures',
      NOS: 'nos--no-show-detection',
    });
    expect(runbook.knownIssues).toEqual([
      {
        title: 'KI-1 Refund webhook retried twice',
        severity: 'High',
        status: 'Open',
        priority: 'P1',
        cells: {
          Issue: 'KI-1 Refund webhook retried twice',
          Severity: 'High',
          Status: 'Open',
          Priority: 'P1',
          Workaround: 'Deduplicate on the event id',
        },
        sectionId: 'known-issues',
      },
      expect.objectContaining({
        title: 'KI-2 Slow seed on ARM laptops',
        severity: 'Low',
        status: 'Mitigated',
        priority: 'P3',
      }),
    ]);
  });

  it('reads a handbook with setext headings, indented code, list walkthroughs and an inline review line', () => {
    const runbook = parseRunbook(fixture('ops-handbook.md'), ['API', 'UI']);
    expect(runbook.title).toBe('Identity service: operations handbook');
    expect(runbook.lastUpdated).toBe('2026-03-03');
    expect(runbook.nextReview).toBe('2026-06-01');
    // Repeated headings get numbered anchors, as on GitHub.
    expect(runbook.toc.map(h => h.id)).toEqual([
      'identity-service-operations-handbook',
      'setup',
      'setup-1',
      'walk-throughs',
      'api-journeys-api-',
      'known-issues',
    ]);
    expect(runbook.commands.map(c => [c.lang, c.sectionId])).toEqual([
      [undefined, 'setup'],
      ['sh', 'walk-throughs'],
      ['sh', 'walk-throughs'],
    ]);
    expect(runbook.walkthroughs).toEqual([
      expect.objectContaining({
        sectionId: 'walk-throughs',
        passSignals: ['{"status":"ok"}'],
      }),
    ]);
    expect(runbook.prefixSections).toEqual({ API: 'api-journeys-api-' });
    expect(runbook.markdown).toContain(
      '<details>raw html stays text</details>',
    );
    // The empty row is dropped; the second table has no severity and is no known-issues
    // table of its own, but it is under "Known issues".
    expect(
      runbook.knownIssues.map(k => [k.title, k.severity, k.status, k.priority]),
    ).toEqual([
      ['12', 'medium', 'investigating', 'high'],
      ['15', 'low', undefined, 'low'],
      ['lint', undefined, 'green', undefined],
    ]);
  });

  it('reads a CRLF wiki export with a metadata table, tilde fences and a linked heading', () => {
    const runbook = parseRunbook(fixture('wiki-export.md'), ['UI']);
    expect(runbook.title).toBe('Fraud scoring 🔍 wiki export');
    expect(runbook.lastUpdated).toBe('2025-01-10');
    expect(runbook.nextReview).toBeUndefined();
    expect(runbook.toc.map(h => h.id)).toEqual([
      'fraud-scoring--wiki-export',
      'replay-a-scoring-request',
      'ui-witness-checks',
    ]);
    expect(runbook.walkthroughs).toEqual([
      {
        sectionId: 'replay-a-scoring-request',
        title: 'Replay a scoring request',
        commands: [
          {
            lang: 'powershell',
            code: '$env:SCORING_URL = "http://localhost:8080"\n.\\replay.ps1 -Id 42',
            sectionId: 'replay-a-scoring-request',
          },
        ],
        passSignals: ['the replay prints the same score as production.'],
      },
    ]);
    expect(runbook.prefixSections).toEqual({ UI: 'ui-witness-checks' });
    expect(runbook.knownIssues).toEqual([]);
  });

  it('copes with empty documents, unclosed front matter and headings without text', () => {
    expect(parseRunbook('')).toEqual({
      markdown: '',
      toc: [],
      commands: [],
      walkthroughs: [],
      knownIssues: [],
      prefixSections: {},
    });
    const unclosed = parseRunbook('---\ntitle: x\n\n# Real title\n');
    expect(unclosed.title).toBe('Real title');
    const notYaml = parseRunbook('---\n: : [\n---\n# After\n');
    expect(notYaml.toc.map(h => h.text)).toContain('After');
    expect(parseRunbook('#\n\n## !!!\n').toc.map(h => h.id)).toEqual([
      'section',
      'section-1',
    ]);
  });
});

describe('runbook dates', () => {
  it('finds ISO, slashed and English dates and ignores impossible ones', () => {
    expect(findDate('on 2026-11-02 at noon')).toBe('2026-11-02');
    expect(findDate('2026/3/9')).toBe('2026-03-09');
    expect(findDate('21st of nothing, 3 Feb 2026')).toBe('2026-02-03');
    expect(findDate('Sept. 30, 2026')).toBe('2026-09-30');
    expect(findDate('2026-02-30')).toBeUndefined();
    expect(findDate('no date')).toBeUndefined();
  });

  it('is stale when the next review has passed, or long after the last update without one', () => {
    const today = new Date('2026-11-20T23:59:00Z');
    expect(runbookStaleness({ nextReview: '2026-11-20' }, today, 180)).toEqual({
      stale: false,
    });
    expect(runbookStaleness({ nextReview: '2026-11-19' }, today, 180)).toEqual({
      stale: true,
      staleReason: 'Its next review was due on 2026-11-19',
    });
    expect(
      runbookStaleness(
        { lastUpdated: '2020-01-01', nextReview: '2027-01-01' },
        today,
        180,
      ).stale,
    ).toBe(false);
    expect(runbookStaleness({ lastUpdated: '2026-05-24' }, today, 180)).toEqual(
      { stale: false },
    );
    expect(runbookStaleness({ lastUpdated: '2026-05-23' }, today, 180)).toEqual(
      {
        stale: true,
        staleReason:
          'It was last updated on 2026-05-23, 181 days ago, and names no next review (stale after 180 days)',
      },
    );
    expect(runbookStaleness({}, today, 180)).toEqual({ stale: false });
  });
});
