// Checks that the CI examples of a README call the packed CLI as it is:
//   HARDENING_CLI='npx … -- hardening' node scripts/lib/check-readme-cli.mjs README.md <cli.tgz>
// - every `$HARDENING …` command line in a fenced block names commands the CLI has (asked
//   with `--help`), an evidence kind `upload` lists, no more arguments than the command
//   takes, and only options the command has (with a value where the option takes one);
// - every `HARDENING_*` variable the examples give the job is one the CLI reads (named in
//   its help) or one a command line passes on itself (`--token "$HARDENING_MANAGE_TOKEN"`);
// - the package the examples run with `npx` is the packed CLI's name, with one bin.
// Prints what it checked; exits 1 listing every problem.
import { execFileSync, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [readmePath, cliTarball] = process.argv.slice(2);
const cli = process.env.HARDENING_CLI;
if (!readmePath || !cliTarball || !cli) {
  console.error(
    'usage: HARDENING_CLI=<command> check-readme-cli.mjs <README.md> <cli.tgz>',
  );
  process.exit(2);
}

const readme = readFileSync(readmePath, 'utf8');
const blocks = [...readme.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map(
  m => m[1],
);
const problems = [];

const helps = new Map();
function help(path) {
  const key = path.join(' ');
  if (!helps.has(key)) {
    try {
      helps.set(key, execSync(`${cli} ${key} --help`, { encoding: 'utf8' }));
    } catch (error) {
      helps.set(key, null);
    }
  }
  return helps.get(key);
}

/** Sub-commands listed under "Commands:" in a help text. */
function subcommands(text) {
  const section = text.split(/^Commands:\n/m)[1] ?? '';
  return new Set([...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map(m => m[1]));
}

/** Options of a help text: name → whether it takes a value. */
function options(text) {
  const found = new Map();
  for (const m of text.matchAll(
    /^\s+(?:-\w, )?--([\w-]+)( <[^>]+>| \[[^\]]+\])?/gm,
  )) {
    found.set(m[1], Boolean(m[2]));
  }
  return found;
}

/** `Usage: hardening upload [options] <kind> <file>` → required and optional counts. */
function argumentCounts(text) {
  const usage = text.match(/^Usage: .*$/m)?.[0] ?? '';
  const args = usage.replace(/\[options\]|\[command\]/g, '');
  return {
    required: (args.match(/<[^>]+>/g) ?? []).length,
    optional: (args.match(/\[[^\]]+\]/g) ?? []).length,
  };
}

/** Shell words of one command, quotes kept together (no expansion). */
function words(command) {
  return [...command.matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'|[^\s]+/g)].map(
    m => m[0],
  );
}

const commandLines = [];
for (const block of blocks) {
  for (const line of block.split('\n')) {
    for (const m of line.matchAll(/\$HARDENING\s+([^;|&#]*)/g)) {
      commandLines.push(m[1].trim());
    }
  }
}
if (commandLines.length === 0)
  problems.push('no $HARDENING command line found');

const passedOn = new Set();
for (const command of commandLines) {
  const tokens = words(command);
  const path = [];
  let text = help([]);
  if (!text) {
    problems.push(`\`${cli} --help\` failed`);
    break;
  }
  while (tokens.length && subcommands(text).has(tokens[0])) {
    path.push(tokens.shift());
    text = help(path);
    if (!text) break;
  }
  if (!text || path.length === 0) {
    problems.push(`${command}: no such command`);
    continue;
  }
  if (subcommands(text).size > 0) {
    problems.push(`${command}: ${path.join(' ')} needs a sub-command`);
    continue;
  }
  const known = options(text);
  const positional = [];
  while (tokens.length) {
    const token = tokens.shift();
    const option = token.match(/^--([\w-]+)(=.*)?$/);
    if (!option) {
      positional.push(token);
      continue;
    }
    if (!known.has(option[1])) {
      problems.push(
        `${command}: ${path.join(' ')} has no option --${option[1]}`,
      );
      continue;
    }
    if (known.get(option[1]) && !option[2]) {
      const value = tokens.shift();
      if (value === undefined || value.startsWith('--')) {
        problems.push(`${command}: --${option[1]} takes a value`);
      }
      for (const v of (value ?? '').matchAll(/\$\{?(HARDENING_[A-Z_]+)/g)) {
        passedOn.add(v[1]);
      }
    }
  }
  const { required, optional } = argumentCounts(text);
  if (positional.length < required || positional.length > required + optional) {
    problems.push(
      `${command}: ${path.join(' ')} takes ${required}${
        optional ? `–${required + optional}` : ''
      } argument(s), not ${positional.length}`,
    );
  }
  if (path[0] === 'upload' && positional[0]) {
    const kinds = (text.split(/^Evidence kinds:\n/m)[1] ?? '')
      .split(/\n\n/)[0]
      .split('\n')
      .map(l => l.trim().split(/\s+/)[0]);
    if (!kinds.includes(positional[0])) {
      problems.push(`${command}: upload has no evidence kind ${positional[0]}`);
    }
  }
}

const allHelp = [...helps.values()].filter(Boolean).join('\n');
const given = new Set();
for (const block of blocks) {
  if (!/\$HARDENING\b|^\s*HARDENING:/m.test(block)) continue;
  for (const m of block.matchAll(/^\s*(HARDENING_[A-Z_]+):/gm)) given.add(m[1]);
}
for (const name of given) {
  if (!new RegExp(`\\b${name}\\b`).test(allHelp) && !passedOn.has(name)) {
    problems.push(
      `the examples give the job ${name}, which the CLI does not read and no command passes on`,
    );
  }
}

const manifest = JSON.parse(
  execFileSync('tar', ['xzf', cliTarball, '-O', 'package/package.json'], {
    encoding: 'utf8',
  }),
);
const bins =
  typeof manifest.bin === 'string'
    ? [manifest.name]
    : Object.keys(manifest.bin ?? {});
for (const m of readme.matchAll(/npx (?:--yes |-y )?(@?[\w./-]+)/g)) {
  if (!m[1].startsWith(`${manifest.name.split('/')[0]}/`)) continue;
  if (m[1] !== manifest.name) {
    problems.push(`the examples run npx ${m[1]}, the CLI is ${manifest.name}`);
  }
}
if (bins.length !== 1) {
  problems.push(
    `npx ${manifest.name} needs one bin, the package has ${bins.length}`,
  );
}

if (problems.length > 0) {
  console.error(`${readmePath}:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(
    `    ${readmePath}: ${commandLines.length} command lines (${
      helps.size - 1
    } commands), ${given.size} HARDENING_* variables`,
  );
}
