import {
  RunbookCommandBlock,
  RunbookHeading,
  runbookHeadingIds,
  RunbookKnownIssue,
  RunbookWalkthrough,
} from '@hardening/backstage-plugin-hardening-common';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { reviewDatesIn } from './runbookDates';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** What a runbook's Markdown says, before staleness is judged. */
export type ParsedRunbook = {
  /** The Markdown without its front matter. */
  markdown: string;
  title?: string;
  lastUpdated?: string;
  nextReview?: string;
  toc: RunbookHeading[];
  commands: RunbookCommandBlock[];
  walkthroughs: RunbookWalkthrough[];
  knownIssues: RunbookKnownIssue[];
  /** Prefix → id of the first heading naming it. */
  prefixSections: Record<string, string>;
};

// Raw HTML stays text: nothing in a runbook is rendered or executed here.
const markdownIt = new MarkdownIt({ html: false, linkify: false });

const FRONT_MATTER =
  /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** "Pass signal: …", "Passes when …", "Expected output: …", "Success: …". */
const PASS_SIGNAL =
  /^\s*(?:pass(?:ing)?(?:[\s-]*(?:signals?|criteria|condition))?|passes when|success(?:[\s-]*(?:signals?|criteria))?|expected(?:[\s-]*(?:result|output|outcome))?)\s*[:：]\s*(.+)$/is;

const WALKTHROUGH_HEADING = /walk[\s-]*throughs?/i;
const KNOWN_ISSUES_HEADING = /known[\s-]*issues?/i;
const SEVERITY = /^(?:severity|sev)$/i;
const STATUS = /^status$/i;
const PRIORITY = /^(?:priority|prio)$/i;

/**
 * A heading names a taxonomy prefix when it starts with it ("NOS — no-shows"), writes it
 * as an id pattern ("`BID-*` bidding", "SCH-001") or in brackets ("API journeys (API)").
 */
const PREFIX_MENTION =
  /(?:^|(?<=[([]))([A-Z][A-Z0-9]{1,31})(?![A-Za-z0-9])|(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,31})(?=-(?:\*|\d))/g;

/** Plain text of an inline token: text and code spans, emphasis and links dropped. */
function plainText(inline: Token | undefined): string {
  if (!inline?.children) return inline?.content ?? '';
  return inline.children
    .map(child => {
      switch (child.type) {
        case 'text':
        case 'code_inline':
          return child.content;
        case 'softbreak':
        case 'hardbreak':
          return ' ';
        case 'image':
          return plainText(child);
        default:
          return '';
      }
    })
    .join('')
    .trim();
}

function frontMatterOf(source: string): {
  body: string;
  data: Record<string, unknown>;
} {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { body: source, data: {} };
  let data: unknown;
  try {
    data = parseYaml(match[1], { maxAliasCount: 0, schema: 'core' });
  } catch {
    // Not YAML after all: keep the text as Markdown.
    return { body: source, data: {} };
  }
  return {
    body: source.slice(match[0].length),
    data:
      data && typeof data === 'object' ? (data as Record<string, unknown>) : {},
  };
}

/** A front-matter value as a `YYYY-MM-DD` date. */
function frontMatterDate(
  data: Record<string, unknown>,
  keys: string[],
): string | undefined {
  for (const [key, value] of Object.entries(data)) {
    const normalized = key.toLowerCase().replace(/[\s_-]/g, '');
    if (!keys.includes(normalized)) continue;
    const text = value instanceof Date ? value.toISOString() : String(value);
    const found = reviewDatesIn(`next review: ${text}`).nextReview;
    if (found) return found;
  }
  return undefined;
}

type Section = {
  heading?: RunbookHeading;
  /** Texts of the headings this section is under, itself included. */
  trail: string[];
  commands: RunbookCommandBlock[];
  passSignals: string[];
};

/** The cells of the table starting at `start` (a `table_open`), and where it ends. */
function readTable(
  tokens: Token[],
  start: number,
): { header: string[]; rows: string[][]; end: number } {
  const header: string[] = [];
  const rows: string[][] = [];
  let row: string[] | undefined;
  let inHead = false;
  let i = start + 1;
  for (; i < tokens.length && tokens[i].type !== 'table_close'; i += 1) {
    const token = tokens[i];
    if (token.type === 'thead_open') inHead = true;
    if (token.type === 'thead_close') inHead = false;
    if (token.type === 'tr_open') row = [];
    if (token.type === 'tr_close' && row) {
      if (inHead) header.push(...row);
      else rows.push(row);
      row = undefined;
    }
    if ((token.type === 'th_open' || token.type === 'td_open') && row) {
      row.push(plainText(tokens[i + 1]));
    }
  }
  return { header, rows, end: i };
}

function columnNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const base = h || `column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function knownIssueRows(
  header: string[],
  rows: string[][],
  sectionId: string | undefined,
): RunbookKnownIssue[] {
  const names = columnNames(header);
  const find = (pattern: RegExp) => header.findIndex(h => pattern.test(h));
  const columns = {
    severity: find(SEVERITY),
    status: find(STATUS),
    priority: find(PRIORITY),
  };
  return rows
    .filter(cells => cells.some(Boolean))
    .map(cells => {
      const issue: RunbookKnownIssue = {
        title: cells[0] ?? '',
        cells: Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ''])),
      };
      for (const [field, index] of Object.entries(columns)) {
        const value = index >= 0 ? cells[index] : undefined;
        if (value) issue[field as 'severity' | 'status' | 'priority'] = value;
      }
      if (sectionId) issue.sectionId = sectionId;
      return issue;
    });
}

/**
 * Reads a runbook: its headings (with the anchor ids a GitHub-style renderer gives
 * them), code blocks, walkthroughs (sections with commands whose pass signals say when
 * they worked), known-issues tables, its own last-updated / next-review dates (from YAML
 * front matter or lines such as "Last updated: 2026-11-02") and which heading first
 * names each of `prefixes`.
 */
export function parseRunbook(
  source: string,
  prefixes: readonly string[] = [],
): ParsedRunbook {
  const { body, data } = frontMatterOf(source);
  const tokens = markdownIt.parse(body, {});

  const headingTexts: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    if (tokens[i].type === 'heading_open') {
      headingTexts.push(plainText(tokens[i + 1]));
    }
  }
  const ids = runbookHeadingIds(headingTexts);

  const toc: RunbookHeading[] = [];
  const commands: RunbookCommandBlock[] = [];
  const knownIssues: RunbookKnownIssue[] = [];
  const sections: Section[] = [];
  const wanted = new Set(prefixes.map(p => p.toUpperCase()));
  const prefixSections: Record<string, string> = {};
  const dates: { lastUpdated?: string; nextReview?: string } = {
    lastUpdated: frontMatterDate(data, [
      'lastupdated',
      'updated',
      'lastreviewed',
    ]),
    nextReview: frontMatterDate(data, ['nextreview', 'reviewby', 'reviewdue']),
  };
  const noteDates = (text: string) => {
    const found = reviewDatesIn(text);
    dates.lastUpdated ??= found.lastUpdated;
    dates.nextReview ??= found.nextReview;
  };

  const trail: RunbookHeading[] = [];
  let section: Section = { trail: [], commands: [], passSignals: [] };
  sections.push(section);

  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    switch (token.type) {
      case 'heading_open': {
        const heading: RunbookHeading = {
          id: ids[toc.length],
          text: headingTexts[toc.length],
          depth: Number(token.tag.slice(1)),
        };
        toc.push(heading);
        while (trail.length && trail[trail.length - 1].depth >= heading.depth) {
          trail.pop();
        }
        trail.push(heading);
        section = {
          heading,
          trail: trail.map(h => h.text),
          commands: [],
          passSignals: [],
        };
        sections.push(section);
        for (const match of heading.text.matchAll(PREFIX_MENTION)) {
          const word = match[1] ?? match[2];
          if (wanted.has(word) && !(word in prefixSections)) {
            prefixSections[word] = heading.id;
          }
        }
        i += 2; // inline, heading_close
        break;
      }
      case 'fence':
      case 'code_block': {
        const lang = token.info.trim().split(/\s+/)[0];
        const block: RunbookCommandBlock = {
          ...(lang ? { lang } : {}),
          code: token.content.replace(/\n$/, ''),
          ...(section.heading ? { sectionId: section.heading.id } : {}),
        };
        commands.push(block);
        section.commands.push(block);
        break;
      }
      case 'inline': {
        const text = plainText(token);
        noteDates(text);
        const signal = PASS_SIGNAL.exec(text);
        if (signal) section.passSignals.push(signal[1].trim());
        break;
      }
      case 'table_open': {
        const { header, rows, end } = readTable(tokens, i);
        for (const row of rows) noteDates(row.join(': '));
        const isKnownIssues =
          header.some(h => SEVERITY.test(h)) ||
          section.trail.some(t => KNOWN_ISSUES_HEADING.test(t));
        if (isKnownIssues) {
          knownIssues.push(
            ...knownIssueRows(header, rows, section.heading?.id),
          );
        }
        i = end;
        break;
      }
      default:
        break;
    }
  }

  const walkthroughs: RunbookWalkthrough[] = sections
    .filter(
      s =>
        s.heading &&
        s.commands.length > 0 &&
        (s.passSignals.length > 0 ||
          s.trail.some(t => WALKTHROUGH_HEADING.test(t))),
    )
    .map(s => ({
      sectionId: s.heading!.id,
      title: s.heading!.text,
      commands: s.commands,
      passSignals: s.passSignals,
    }));

  const title =
    (typeof data.title === 'string' && data.title.trim()) ||
    toc.find(h => h.depth === 1)?.text;
  return {
    markdown: body,
    ...(title ? { title } : {}),
    ...(dates.lastUpdated ? { lastUpdated: dates.lastUpdated } : {}),
    ...(dates.nextReview ? { nextReview: dates.nextReview } : {}),
    toc,
    commands,
    walkthroughs,
    knownIssues,
    prefixSections,
  };
}
