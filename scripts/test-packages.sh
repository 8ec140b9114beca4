#!/usr/bin/env bash
# The installable packages, proven outside the monorepo (issue 15): builds and packs
# -common, the backend plugin, the frontend plugin, the scaffolder module and the CLI with
# `yarn pack` (which rewrites workspace: ranges), then, in a temporary folder with its own
# package.json and npm (packages from the npm registry, ours from the tarballs):
#   1. a minimal standalone backend (@backstage/backend-defaults, the catalog backend and the
#      Hardening backend plugin) on PostgreSQL starts and answers /api/hardening/health;
#   2. the CLI tarball runs with npx from an empty folder against that backend: an upload of
#      a JUnit report with a bound static token exits 0, one with a token that is not bound
#      to the entity exits 3 (refused).
# Expects the toolchain on PATH and `yarn tsc` to have written dist-types (run here if not).
# Prints PACKAGES: PASS or FAIL and exits accordingly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$PWD
port="${HARDENING_PACKAGES_PORT:-7380}"
prefix="packages_test_$$_"
work="$(mktemp -d)"
backend_pid=""

cleanup() {
  local status=$?
  if [ -n "$backend_pid" ]; then
    kill -TERM -- "-$backend_pid" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$backend_pid" 2>/dev/null || true
  fi
  node -e "
    const { Client } = require('$repo_root/node_modules/pg');
    const c = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres' });
    c.connect().then(async () => {
      const { rows } = await c.query(\"select datname from pg_database where datname like '${prefix}%'\");
      for (const { datname } of rows) await c.query('drop database if exists \"' + datname + '\" with (force)');
      await c.end();
    }).catch(() => process.exit(0));
  " || true
  rm -rf "$work"
  if [ $status -eq 0 ]; then echo "PACKAGES: PASS"; else echo "PACKAGES: FAIL"; fi
}
trap cleanup EXIT

step() { echo "--- $*"; }

[ -d dist-types/plugins ] || yarn tsc

step "build and pack"
declare -A packs=(
  [common]=plugins/hardening-common
  [backend]=plugins/hardening-backend
  [frontend]=plugins/hardening
  [scaffolder]=plugins/scaffolder-backend-module-hardening
  [cli]=packages/hardening-cli
)
for name in common backend frontend scaffolder cli; do
  dir="${packs[$name]}"
  (cd "$dir" && yarn backstage-cli package build > "$work/build-$name.log" 2>&1) ||
    { cat "$work/build-$name.log"; exit 1; }
  (cd "$dir" && yarn pack -o "$work/$name.tgz" > "$work/pack-$name.log" 2>&1) ||
    { cat "$work/pack-$name.log"; exit 1; }
  node -e "
    const { execFileSync } = require('node:child_process');
    const manifest = JSON.parse(execFileSync('tar', ['xzf', '$work/$name.tgz', '-O', 'package/package.json']));
    const files = execFileSync('tar', ['tzf', '$work/$name.tgz']).toString().split('\n');
    const problems = [];
    if (manifest.private) problems.push('private');
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies }))
      if (String(range).startsWith('workspace:')) problems.push(dep + ' ' + range);
    const main = (manifest.main ?? 'index.js').replace(/^\.\//, '');
    if (!files.includes('package/' + main)) problems.push('main ' + main + ' not packed');
    if (!files.includes('package/README.md')) problems.push('no README.md');
    if (problems.length) { console.error('$name: ' + problems.join('; ')); process.exit(1); }
    console.log('    ' + manifest.name + '@' + manifest.version + ': ' + (files.length - 1) + ' files, main ' + main);
  "
done

step "a standalone backend installed with npm from the registry and the tarballs"
mkdir -p "$work/standalone"
cd "$work/standalone"
node -e "
  const versionOf = p => require('$repo_root/node_modules/' + p + '/package.json').version;
  require('node:fs').writeFileSync('package.json', JSON.stringify({
    name: 'hardening-standalone-backend',
    private: true,
    dependencies: {
      '@backstage/backend-defaults': versionOf('@backstage/backend-defaults'),
      '@backstage/plugin-catalog-backend': versionOf('@backstage/plugin-catalog-backend'),
      '@hardening/backstage-plugin-hardening-common': 'file:$work/common.tgz',
      '@hardening/backstage-plugin-hardening-backend': 'file:$work/backend.tgz',
    },
    overrides: { '@hardening/backstage-plugin-hardening-common': 'file:$work/common.tgz' },
  }, null, 2));
"
cat > index.js <<'JS'
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-catalog-backend'));
backend.add(require('@hardening/backstage-plugin-hardening-backend'));
backend.start();
JS
cat > entities.yaml <<'YAML'
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: standalone-api
spec:
  type: service
  owner: group:default/standalone
  lifecycle: production
YAML
token="$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")"
unbound="$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")"
cat > app-config.yaml <<YAML
backend:
  baseUrl: http://localhost:$port
  listen: { port: $port }
  database:
    client: pg
    prefix: $prefix
    connection: { host: 127.0.0.1, port: 5432, user: postgres }
  auth:
    externalAccess:
      - type: static
        options: { token: $token, subject: standalone-ci }
        accessRestrictions: [{ plugin: hardening }]
      - type: static
        options: { token: $unbound, subject: other-ci }
        accessRestrictions: [{ plugin: hardening }]
catalog:
  rules: [{ allow: [Component] }]
  locations: [{ type: file, target: ./entities.yaml }]
hardening:
  ingest:
    bindings: [{ subject: standalone-ci, entities: [component:default/standalone-api] }]
YAML
started=$SECONDS
npm install --no-audit --no-fund --loglevel=error > "$work/npm-install.log" 2>&1 ||
  { cat "$work/npm-install.log"; exit 1; }
echo "    npm install: $(ls node_modules | wc -l) top-level packages in $((SECONDS - started)) s"
setsid node index.js --config app-config.yaml > "$work/standalone.log" 2>&1 &
backend_pid=$!
started=$SECONDS
until curl -sf "http://localhost:$port/api/hardening/health" > "$work/health.json"; do
  if ! kill -0 "$backend_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 120 ]; then
    cat "$work/standalone.log"
    echo "the standalone backend did not answer /api/hardening/health" >&2
    exit 1
  fi
  sleep 1
done
echo "    /api/hardening/health after $((SECONDS - started)) s: $(cat "$work/health.json")"

step "the CLI tarball with npx from an empty folder"
mkdir -p "$work/empty"
cd "$work/empty"
cat > junit.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="standalone" tests="2">
<testcase classname="standalone" name="answers health" time="0.01"/>
<testcase classname="standalone" name="refuses strangers" time="0.02"/>
</testsuite></testsuites>
XML
hardening() {
  npx --yes --package="$work/common.tgz" --package="$work/cli.tgz" -- hardening "$@"
}
# The catalog ingests the file location a few seconds after start.
uploaded=1
for _ in $(seq 1 60); do
  if hardening upload test-report junit.xml --entity component:default/standalone-api \
    --backend-url "http://localhost:$port" --token "$token" --commit abc1234 --retries 0 \
    > "$work/upload.log" 2>&1; then
    uploaded=0
    break
  fi
  sleep 1
done
if [ $uploaded -ne 0 ]; then
  cat "$work/upload.log"
  echo "the CLI upload did not succeed" >&2
  exit 1
fi
echo "    upload with the bound token: exit 0 ($(tail -1 "$work/upload.log"))"
set +e
hardening upload test-report junit.xml --entity component:default/standalone-api \
  --backend-url "http://localhost:$port" --token "$unbound" --commit abc1234 --retries 0 \
  > "$work/refused.log" 2>&1
refused=$?
set -e
if [ $refused -ne 3 ]; then
  cat "$work/refused.log"
  echo "an upload with an unbound token exited $refused, not 3" >&2
  exit 1
fi
echo "    upload with a token not bound to the entity: exit 3 ($(tail -1 "$work/refused.log"))"
