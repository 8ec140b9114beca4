// Checks a packed package (a `yarn pack` tarball) the way an adopter's install would meet it:
//   node scripts/lib/check-packed-package.mjs <package.tgz>
// - not private, no `workspace:` range left in its dependencies, README.md packed;
// - every entry point its package.json names is in the tarball: main, module, browser, bin,
//   types, every `exports` target, every `typesVersions` target, configSchema;
// - a library (every Backstage role but `cli`) publishes types: `types` names a packed .d.ts,
//   and each `exports` entry with code has a `types` condition;
// - every `files` entry matched something;
// - every relative import of a packed .js/.d.ts file resolves to a packed file, and every
//   package a packed .js/.d.ts file imports is declared (dependencies, peerDependencies,
//   optionalDependencies) or is a Node.js built-in, so types and code resolve under any
//   package manager, not only where npm happens to hoist a transitive dependency.
// bin scripts are not scanned (the CLI's finds its code from source in the monorepo, from
// `main` when installed): scripts/test-packages.sh runs the packed CLI instead.
// Prints one line per package; exits 1 listing every problem.
import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';

const tarball = process.argv[2];
if (!tarball) {
  console.error('usage: check-packed-package.mjs <package.tgz>');
  process.exit(2);
}

const root = mkdtempSync(join(tmpdir(), 'packed-'));
try {
  execFileSync('tar', ['xzf', tarball, '-C', root]);
  const problems = check(join(root, 'package'));
  if (problems.length > 0) {
    console.error(`${tarball}:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

function listFiles(dir) {
  const out = [];
  const walk = d => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/** Every string leaf of an `exports` / `typesVersions` value, with its condition path. */
function targets(value, path = []) {
  if (typeof value === 'string') return [{ path, target: value }];
  if (Array.isArray(value)) return value.flatMap(v => targets(v, path));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => targets(v, [...path, k]));
  }
  return [];
}

/** The bare and relative specifiers a .js or .d.ts file imports. */
function importsOf(source) {
  const found = new Set();
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*(['"])([^'"\s]+)\1/gm,
    /^\s*import\s*(['"])([^'"\s]+)\1/gm,
    /\bimport\(\s*(['"])([^'"\s]+)\1\s*\)/g,
    /\brequire\(\s*(['"])([^'"\s]+)\1\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) found.add(match[2]);
  }
  return [...found];
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function check(dir) {
  const problems = [];
  const files = new Set(listFiles(dir));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const has = p => files.has(posix.normalize(p.replace(/^\.\//, '')));
  const role = manifest.backstage?.role;

  if (manifest.private) problems.push('private: true');
  if (!files.has('README.md')) problems.push('README.md not packed');
  const declared = {
    ...manifest.optionalDependencies,
    ...manifest.peerDependencies,
    ...manifest.dependencies,
  };
  for (const [dep, range] of Object.entries(declared)) {
    if (String(range).startsWith('workspace:')) {
      problems.push(`dependency ${dep} ${range}`);
    }
  }

  const entryPoints = [];
  for (const field of ['main', 'module', 'browser', 'types', 'typings']) {
    if (typeof manifest[field] === 'string') {
      entryPoints.push({ what: field, target: manifest[field] });
    }
  }
  if (typeof manifest.bin === 'string') {
    entryPoints.push({ what: 'bin', target: manifest.bin });
  } else {
    for (const [name, target] of Object.entries(manifest.bin ?? {})) {
      entryPoints.push({ what: `bin ${name}`, target });
    }
  }
  if (typeof manifest.configSchema === 'string') {
    entryPoints.push({ what: 'configSchema', target: manifest.configSchema });
  }
  for (const { path, target } of targets(manifest.exports)) {
    entryPoints.push({ what: `exports ${path.join(' ')}`, target });
  }
  for (const { path, target } of targets(manifest.typesVersions)) {
    if (target === 'package.json') continue;
    entryPoints.push({ what: `typesVersions ${path.join(' ')}`, target });
  }
  if (!manifest.main && !manifest.exports && !manifest.bin) {
    problems.push('no main, exports or bin');
  }
  for (const { what, target } of entryPoints) {
    if (target.includes('*')) continue;
    if (!has(target)) problems.push(`${what}: ${target} is not packed`);
  }

  if (role !== 'cli') {
    const types = manifest.types ?? manifest.typings;
    if (!types) problems.push('no types field');
    else if (!/\.d\.[cm]?ts$/.test(types)) {
      problems.push(`types ${types} is not a .d.ts file`);
    }
    if (manifest.exports && typeof manifest.exports === 'object') {
      for (const [subpath, value] of Object.entries(manifest.exports)) {
        if (subpath === './package.json' || typeof value !== 'object') continue;
        if (!value.types) problems.push(`exports ${subpath} has no types`);
      }
    }
  }

  for (const pattern of manifest.files ?? []) {
    const prefix = pattern.replace(/\/?\*.*$/, '').replace(/\/$/, '');
    const matched = [...files].some(
      f => f === prefix || f.startsWith(`${prefix}/`) || prefix === '',
    );
    if (!matched) problems.push(`files entry ${pattern} matched nothing`);
  }

  const builtins = new Set(builtinModules.map(m => m.replace(/^node:/, '')));
  const undeclared = new Map();
  for (const file of files) {
    // bin scripts are proven by running them (scripts/test-packages.sh runs the CLI's).
    if (!/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file) || file.startsWith('bin/')) {
      continue;
    }
    const source = readFileSync(join(dir, file), 'utf8');
    for (const specifier of importsOf(source)) {
      if (specifier.startsWith('.')) {
        const base = posix.join(posix.dirname(file), specifier);
        const candidates = [
          base,
          ...['.js', '.cjs', '.mjs', '.json', '.d.ts'].map(e => base + e),
          ...['/index.js', '/index.cjs', '/index.d.ts'].map(e => base + e),
          base.replace(/\.js$/, '.d.ts'),
        ];
        if (!candidates.some(c => files.has(posix.normalize(c)))) {
          problems.push(`${file} imports ${specifier}, which is not packed`);
        }
        continue;
      }
      const name = packageNameOf(specifier.replace(/^node:/, ''));
      if (specifier.startsWith('node:') || builtins.has(name)) continue;
      if (name === manifest.name || declared[name]) continue;
      if (!undeclared.has(name)) undeclared.set(name, file);
    }
  }
  for (const [name, file] of undeclared) {
    problems.push(
      `${file} imports ${name}, which is not a declared dependency`,
    );
  }

  if (problems.length === 0) {
    const main = manifest.main ?? manifest.bin;
    console.log(
      `    ${manifest.name}@${manifest.version}: ${files.size} files, main ${
        typeof main === 'string' ? main : JSON.stringify(main)
      }${manifest.types ? `, types ${manifest.types}` : ''}`,
    );
  }
  return problems;
}
