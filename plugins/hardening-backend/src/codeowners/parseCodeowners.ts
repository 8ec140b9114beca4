import { z } from 'zod';

/** Largest CODEOWNERS file read (GitHub ignores files over 3 MB; ours stop much earlier). */
export const MAX_CODEOWNERS_BYTES = 128 * 1024;
/** Most lines of a CODEOWNERS file looked at; the rest is ignored with a warning. */
export const MAX_CODEOWNERS_LINES = 5000;
/** Most rules kept. */
export const MAX_CODEOWNERS_RULES = 2000;
/** Longest pattern; longer ones are skipped. */
export const MAX_PATTERN_LENGTH = 512;
/** Most owners of one rule (or one section's defaults); the rest are dropped. */
export const MAX_OWNERS_PER_RULE = 20;
/** Longest owner (`@org/team`, `@user`, an e-mail address). */
export const MAX_OWNER_LENGTH = 256;
/** Most warnings kept. */
const MAX_WARNINGS = 20;

/** One rule: a path pattern and its owners, in the section it was written in. */
export const codeownersRuleSchema = z.strictObject({
  pattern: z.string().min(1).max(MAX_PATTERN_LENGTH),
  owners: z
    .array(z.string().min(1).max(MAX_OWNER_LENGTH))
    .max(MAX_OWNERS_PER_RULE),
  /** 1-based line number. */
  line: z.number().int().min(1),
  /** GitLab section name; absent for rules before the first section (and on GitHub). */
  section: z.string().max(MAX_PATTERN_LENGTH).optional(),
  /** The rule is in an optional GitLab section (`^[Section]`). */
  optional: z.boolean().optional(),
});

export type CodeownersRule = z.infer<typeof codeownersRuleSchema>;

export const parsedCodeownersSchema = z.strictObject({
  rules: z.array(codeownersRuleSchema).max(MAX_CODEOWNERS_RULES),
  warnings: z.array(z.string().max(1024)).max(MAX_WARNINGS),
});

/** A CODEOWNERS file as parsed: its rules in file order, and what was skipped. */
export type ParsedCodeowners = z.infer<typeof parsedCodeownersSchema>;

/** `@user`, `@org/team`, `@group/sub/group` (GitLab), or an e-mail address. */
const OWNER =
  /^(?:@[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/**
 * A GitLab section header: `[Name]`, `^[Name]` (optional), `[Name][2]` (approvals), each
 * optionally followed by default owners.
 */
const SECTION = /^(\^)?\[([^\]]+)\](?:\[\d+\])?(?:\s+(.*))?$/;

/** Splits on whitespace not escaped with a backslash (`a\ b.md @x` → `a\ b.md`, `@x`). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += c + line[i + 1];
      i += 1;
    } else if (c === ' ' || c === '\t') {
      if (current) out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Owners up to the first token starting with `#` (an inline comment), bounded. */
function ownersOf(
  words: string[],
  warn: (message: string) => void,
  lineNo: number,
): string[] {
  const owners: string[] = [];
  for (const word of words) {
    if (word.startsWith('#')) break;
    if (word.length > MAX_OWNER_LENGTH || !OWNER.test(word)) {
      warn(
        `line ${lineNo}: ${JSON.stringify(
          word.slice(0, 80),
        )} is not an owner (@user, @org/team or an e-mail address); skipped`,
      );
      continue;
    }
    if (owners.length === MAX_OWNERS_PER_RULE) {
      warn(
        `line ${lineNo}: more than ${MAX_OWNERS_PER_RULE} owners; the rest are ignored`,
      );
      break;
    }
    if (!owners.includes(word)) owners.push(word);
  }
  return owners;
}

/**
 * Parses a CODEOWNERS file in GitHub or GitLab syntax. Blank lines and `#` comments are
 * skipped (`\#` starts a pattern with `#`); a rule is a pattern (spaces escaped as `\ `)
 * followed by owners and an optional `# comment`. GitLab sections (`[Name]`, optional
 * `^[Name]`, `[Name][2]`) start a section whose default owners apply to its rules that
 * name none. Negated patterns (`!path`) are not part of CODEOWNERS: they are skipped with
 * a warning, as are over-long patterns, unrecognised owners, lines past
 * {@link MAX_CODEOWNERS_LINES} and rules past {@link MAX_CODEOWNERS_RULES}. The text must
 * already be bounded by the reader ({@link MAX_CODEOWNERS_BYTES}).
 */
export function parseCodeowners(text: string): ParsedCodeowners {
  const rules: CodeownersRule[] = [];
  const warnings: string[] = [];
  const warn = (message: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(message.slice(0, 1024));
  };
  let section:
    | { name: string; optional: boolean; owners: string[] }
    | undefined;
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_CODEOWNERS_LINES) {
    warn(
      `the file has ${lines.length} lines; only the first ${MAX_CODEOWNERS_LINES} are read`,
    );
  }
  for (let i = 0; i < Math.min(lines.length, MAX_CODEOWNERS_LINES); i += 1) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const header = SECTION.exec(line);
    if (header) {
      const name = header[2].trim();
      if (!name || name.length > MAX_PATTERN_LENGTH) {
        warn(
          `line ${lineNo}: the section name is empty or too long; its rules are read without a section`,
        );
        section = undefined;
        continue;
      }
      section = {
        name,
        optional: header[1] === '^',
        owners: ownersOf(tokens(header[3] ?? ''), warn, lineNo),
      };
      continue;
    }
    const [pattern, ...rest] = tokens(line);
    if (pattern.startsWith('!')) {
      warn(
        `line ${lineNo}: negated patterns (${JSON.stringify(
          pattern.slice(0, 80),
        )}) are not supported in CODEOWNERS; skipped`,
      );
      continue;
    }
    if (pattern.length > MAX_PATTERN_LENGTH) {
      warn(
        `line ${lineNo}: the pattern is longer than ${MAX_PATTERN_LENGTH} characters; skipped`,
      );
      continue;
    }
    if (rules.length === MAX_CODEOWNERS_RULES) {
      warn(`more than ${MAX_CODEOWNERS_RULES} rules; the rest are ignored`);
      break;
    }
    const written = ownersOf(rest, warn, lineNo);
    const owners = written.length > 0 || !section ? written : section.owners;
    rules.push({
      pattern: pattern.startsWith('\\#') ? pattern.slice(1) : pattern,
      owners,
      line: lineNo,
      ...(section ? { section: section.name } : {}),
      ...(section?.optional ? { optional: true } : {}),
    });
  }
  return { rules, warnings };
}
