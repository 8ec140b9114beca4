import picomatch from 'picomatch';
import { CodeownersRule, ParsedCodeowners } from './parseCodeowners';

/** Longest file path matched. */
export const MAX_MATCHED_PATH_LENGTH = 1024;

const GLOB_OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
};

/**
 * The picomatch globs a CODEOWNERS pattern stands for, by gitignore's anchoring rules as
 * GitHub and GitLab apply them: a leading `/` or a `/` inside anchors the pattern at the
 * repository root, otherwise it matches at any depth; a trailing `/` matches a directory
 * (everything under it); any other pattern matches a file or everything under a directory
 * of that name, except one ending in `/*`, which matches the directory's direct files
 * only (`docs/*` owns `docs/a.md`, not `docs/build/b.md`). `*` stays within a segment,
 * `**` crosses them.
 */
export function patternGlobs(pattern: string): string[] {
  let p = pattern.replace(/\\ /g, ' ');
  const directory = p.endsWith('/');
  if (directory) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\/+/, '');
  if (!p) return [];
  const base = anchored || p.startsWith('**/') ? p : `**/${p}`;
  if (directory) return [`${base}/**/*`];
  if (base.endsWith('/*')) return [base];
  return [base, `${base}/**`];
}

type CompiledRule = { rule: CodeownersRule; test: (path: string) => boolean };

/** The section a rule counts in: its name (case-insensitive, as GitLab), '' for none. */
const sectionKey = (rule: CodeownersRule) =>
  rule.section?.toLocaleLowerCase('en-US') ?? '';

/**
 * A normalised repository-relative path: `./` and leading `/` removed, backslashes made
 * `/`; undefined for an empty, over-long path or one with `..` segments (it cannot be
 * placed in the repository).
 */
export function normalizeTestFile(file: string): string | undefined {
  const path = file
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/|\/)+/, '');
  if (!path || path.length > MAX_MATCHED_PATH_LENGTH) return undefined;
  if (path.split('/').some(s => s === '..')) return undefined;
  return path;
}

/**
 * Matches repository paths against a parsed CODEOWNERS file. Within a section (GitHub
 * files have one, unnamed) the LAST matching rule wins, also when it names no owners
 * (which removes ownership). GitLab combines sections: the owners of every required
 * section's winning rule, in file order; optional sections (`^[…]`) count only when no
 * required section names an owner.
 */
export class CodeownersMatcher {
  readonly #rules: CompiledRule[];

  constructor(parsed: ParsedCodeowners) {
    this.#rules = parsed.rules.map(rule => {
      const globs = patternGlobs(rule.pattern);
      const test =
        globs.length > 0 ? picomatch(globs, GLOB_OPTIONS) : () => false;
      return { rule, test };
    });
  }

  /** The rules that decide the path's owners: the last match of each section. */
  winningRules(file: string): CodeownersRule[] {
    const path = normalizeTestFile(file);
    if (!path) return [];
    const winners = new Map<string, CodeownersRule>();
    for (const { rule, test } of this.#rules) {
      if (test(path)) {
        const key = sectionKey(rule);
        winners.delete(key);
        winners.set(key, rule);
      }
    }
    return [...winners.values()].sort((a, b) => a.line - b.line);
  }

  /** The owners of the path as written in the file, once each; [] when none. */
  owners(file: string): string[] {
    const winners = this.winningRules(file);
    const pick = (rules: CodeownersRule[]) => [
      ...new Set(rules.flatMap(r => r.owners)),
    ];
    const required = pick(winners.filter(r => !r.optional));
    return required.length > 0
      ? required
      : pick(winners.filter(r => r.optional));
  }
}
