import { CodeownersMatcher, patternGlobs } from './matchCodeowners';
import {
  MAX_CODEOWNERS_LINES,
  MAX_CODEOWNERS_RULES,
  MAX_PATTERN_LENGTH,
  parseCodeowners,
} from './parseCodeowners';

const ownersOf = (text: string, file: string) =>
  new CodeownersMatcher(parseCodeowners(text)).owners(file);

describe('parseCodeowners', () => {
  it('reads rules, comments, inline comments and escaped spaces', () => {
    const parsed = parseCodeowners(
      [
        '# a comment',
        '',
        '*.js    @acme/web  # JavaScript',
        'docs/My\\ Guide.md  docs@acme.example @writer',
        '\\#notes.md @acme/notes',
      ].join('\n'),
    );
    expect(parsed.rules).toEqual([
      { pattern: '*.js', owners: ['@acme/web'], line: 3 },
      {
        pattern: 'docs/My\\ Guide.md',
        owners: ['docs@acme.example', '@writer'],
        line: 4,
      },
      { pattern: '#notes.md', owners: ['@acme/notes'], line: 5 },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('skips negated patterns, which CODEOWNERS does not support, with a warning', () => {
    const parsed = parseCodeowners('* @all\n!docs/ @nobody\n');
    expect(parsed.rules.map(r => r.pattern)).toEqual(['*']);
    expect(parsed.warnings[0]).toMatch(/line 2: negated patterns/);
    expect(ownersOf('* @all\n!docs/ @nobody\n', 'docs/a.md')).toEqual(['@all']);
  });

  it('reads GitLab sections, optional sections and section default owners', () => {
    const parsed = parseCodeowners(
      [
        '* @default',
        '[Backend] @acme/backend',
        'src/',
        'src/api/ @api-lead',
        '^[Docs][2] @acme/docs',
        '*.md',
      ].join('\n'),
    );
    expect(parsed.rules).toEqual([
      { pattern: '*', owners: ['@default'], line: 1 },
      {
        pattern: 'src/',
        owners: ['@acme/backend'],
        line: 3,
        section: 'Backend',
      },
      {
        pattern: 'src/api/',
        owners: ['@api-lead'],
        line: 4,
        section: 'Backend',
      },
      {
        pattern: '*.md',
        owners: ['@acme/docs'],
        line: 6,
        section: 'Docs',
        optional: true,
      },
    ]);
  });

  it('bounds hostile input: lines, rules, pattern and owner length, owner syntax', () => {
    const long = `${'a'.repeat(
      MAX_PATTERN_LENGTH + 1,
    )} @x\nok @y @<script> ${'@'.repeat(300)}`;
    const parsed = parseCodeowners(long);
    expect(parsed.rules).toEqual([{ pattern: 'ok', owners: ['@y'], line: 2 }]);
    expect(parsed.warnings.join('\n')).toMatch(/longer than 512/);
    expect(parsed.warnings.join('\n')).toMatch(/is not an owner/);

    const many = Array.from(
      { length: MAX_CODEOWNERS_LINES + 10 },
      (_, i) => `f${i} @o`,
    );
    const bounded = parseCodeowners(many.join('\n'));
    expect(bounded.rules).toHaveLength(MAX_CODEOWNERS_RULES);
    expect(bounded.warnings.length).toBeLessThanOrEqual(20);
    expect(bounded.warnings.join('\n')).toMatch(/only the first 5000/);
  });
});

describe('CodeownersMatcher', () => {
  it('lets the LAST matching rule win', () => {
    const text = [
      '*.ts @acme/all',
      'src/billing/ @acme/billing',
      '*.test.ts @acme/qa',
    ].join('\n');
    expect(ownersOf(text, 'src/billing/pay.test.ts')).toEqual(['@acme/qa']);
    expect(ownersOf(text, 'src/billing/pay.ts')).toEqual(['@acme/billing']);
    expect(ownersOf(text, 'lib/x.ts')).toEqual(['@acme/all']);
    expect(ownersOf(text, 'README.md')).toEqual([]);
  });

  it('lets a later rule without owners remove ownership', () => {
    expect(ownersOf('* @all\n/generated/\n', 'generated/x.ts')).toEqual([]);
  });

  it('tells * (one segment) from ** (any depth)', () => {
    const text = 'docs/* @one-level\n';
    expect(ownersOf(text, 'docs/a.md')).toEqual(['@one-level']);
    expect(ownersOf(text, 'docs/build/b.md')).toEqual([]);
    const deep = 'docs/**/*.md @deep\n';
    expect(ownersOf(deep, 'docs/build/b.md')).toEqual(['@deep']);
    expect(ownersOf(deep, 'docs/a.md')).toEqual(['@deep']);
    expect(ownersOf('src/*.js @s\n', 'src/a/b.js')).toEqual([]);
    expect(ownersOf('**/logs @l\n', 'x/y/logs/z.txt')).toEqual(['@l']);
  });

  it('anchors patterns with a slash and matches directory patterns at any depth', () => {
    expect(ownersOf('apps/ @apps\n', 'apps/web/a.ts')).toEqual(['@apps']);
    expect(ownersOf('apps/ @apps\n', 'x/apps/a.ts')).toEqual(['@apps']);
    expect(ownersOf('/apps/ @apps\n', 'x/apps/a.ts')).toEqual([]);
    expect(ownersOf('apps/web @w\n', 'x/apps/web/a.ts')).toEqual([]);
    expect(ownersOf('apps/web @w\n', 'apps/web/a.ts')).toEqual(['@w']);
    expect(ownersOf('/build/logs/ @b\n', 'build/logs/x/y.log')).toEqual(['@b']);
    expect(ownersOf('apps/ @apps\n', 'apps')).toEqual([]);
    expect(ownersOf('Makefile @m\n', 'tools/Makefile')).toEqual(['@m']);
  });

  it('matches escaped spaces, dotfiles and normalises the test file path', () => {
    expect(ownersOf('docs/My\\ Guide.md @g\n', 'docs/My Guide.md')).toEqual([
      '@g',
    ]);
    expect(ownersOf('*.yml @ci\n', '.github/workflows/ci.yml')).toEqual([
      '@ci',
    ]);
    expect(ownersOf('/src/ @s\n', './src/a.ts')).toEqual(['@s']);
    expect(ownersOf('* @all\n', '../outside.ts')).toEqual([]);
  });

  it('combines GitLab sections (last match within each) and uses optional ones last', () => {
    const text = [
      '* @default',
      '[Backend] @acme/backend',
      'src/',
      'src/api/ @api-lead',
      '^[Docs] @acme/docs',
      '*.md',
    ].join('\n');
    expect(ownersOf(text, 'src/api/a.ts')).toEqual(['@default', '@api-lead']);
    expect(ownersOf(text, 'src/api/README.md')).toEqual([
      '@default',
      '@api-lead',
    ]);
    expect(ownersOf('^[Docs] @acme/docs\n*.md\n', 'README.md')).toEqual([
      '@acme/docs',
    ]);
    // Section names are compared without case, as GitLab does.
    expect(
      ownersOf('[A]\nsrc/ @one\n[a]\nsrc/x/ @two\n', 'src/x/y.ts'),
    ).toEqual(['@two']);
  });

  it('translates patterns into globs without braces or extglobs', () => {
    expect(patternGlobs('*.js')).toEqual(['**/*.js', '**/*.js/**']);
    expect(patternGlobs('/docs/')).toEqual(['docs/**/*']);
    expect(ownersOf('{a,b}.ts @x\n', 'a.ts')).toEqual([]);
  });
});
