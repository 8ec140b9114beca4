#!/usr/bin/env bash
# The installable packages, proven outside the monorepo (issue 15): builds and packs
# -common, -node, the backend plugin, its TRX module, the frontend plugin, the scaffolder
# module and the CLI with `yarn pack` (which rewrites workspace: ranges) into dist/packages (scripts/pack-packages.sh,
# which checks each tarball's package.json entry points, types, files and declared
# dependencies against what it holds; a tarball without its d.ts must fail that check), then,
# in a temporary folder with its own package.json and npm (packages from the npm registry,
# ours from the tarballs):
#   1. a consumer (scripts/packages-consumer) type-checks with `tsc --noEmit` against the
#      frontend tarball's published types, and a file with a deliberate type error fails;
#   2. a minimal standalone backend (@backstage/backend-defaults, the catalog backend, the
#      Hardening backend plugin and its TRX module) on PostgreSQL starts and answers
#      /api/hardening/health;
#   3. the CLI tarball runs with npx from an empty folder against that backend: an upload of
#      a JUnit report with a bound static token exits 0, one with a token that is not bound
#      to the entity exits 3 (refused);
#   4. the README's CI examples call that CLI as it is: commands, evidence kinds, options and
#      HARDENING_* variables (scripts/lib/check-readme-cli.mjs; a wrong option must fail it).
# The e2e test packages/app/e2e-tests/cliPackage.test.ts runs the same CLI tarball against
# the e2e portal.
# Expects the toolchain on PATH and `yarn tsc` to have written dist-types (run here if not).
# Prints PACKAGES: PASS or FAIL and exits accordingly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$PWD
port="${HARDENING_PACKAGES_PORT:-7380}"
prefix="packages_test_$$_"
work="$(mktemp -d)"
# The tarballs stay here for the e2e test of the packed CLI (packages/app/e2e-tests).
packs="${HARDENING_PACKAGES_DIR:-$repo_root/dist/packages}"
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
trap "exit 143" TERM INT

step() { echo "--- $*"; }

step "build, pack and check each package (scripts/pack-packages.sh)"
HARDENING_PACKAGES_DIR="$packs" bash scripts/pack-packages.sh
# Installs get copies under a new path: npx keeps what it installed per package path.
cp "$packs"/*.tgz "$work/"

step "the package check fails a tarball without its d.ts"
mkdir -p "$work/doctored"
tar xzf "$work/frontend.tgz" -C "$work/doctored"
rm "$work/doctored/package/dist/index.d.ts"
tar czf "$work/doctored.tgz" -C "$work/doctored" package
if node scripts/lib/check-packed-package.mjs "$work/doctored.tgz" > "$work/doctored.log" 2>&1; then
  echo "a frontend tarball without dist/index.d.ts passed the package check" >&2
  exit 1
fi
grep -q 'types: ./dist/index.d.ts is not packed' "$work/doctored.log" ||
  { cat "$work/doctored.log"; exit 1; }
echo "    refused: $(grep -c 'not packed' "$work/doctored.log") problem(s), e.g. $(grep -m1 'types:' "$work/doctored.log" | xargs)"

step "a consumer type-checks against the frontend tarball's published types"
mkdir -p "$work/consumer"
cp -r scripts/packages-consumer/. "$work/consumer/"
cd "$work/consumer"
node -e "
  const versionOf = p => require('$repo_root/node_modules/' + p + '/package.json').version;
  const fromRegistry = [
    'react', 'react-dom', 'react-router-dom', '@types/react', '@types/react-dom',
    '@backstage/core-plugin-api', '@backstage/frontend-plugin-api',
    '@backstage/frontend-defaults', 'typescript',
  ];
  require('node:fs').writeFileSync('package.json', JSON.stringify({
    name: 'hardening-frontend-consumer',
    private: true,
    dependencies: {
      ...Object.fromEntries(fromRegistry.map(p => [p, versionOf(p)])),
      '@hardening/backstage-plugin-hardening': 'file:$work/frontend.tgz',
      '@hardening/backstage-plugin-hardening-common': 'file:$work/common.tgz',
    },
    overrides: { '@hardening/backstage-plugin-hardening-common': 'file:$work/common.tgz' },
  }, null, 2));
"
started=$SECONDS
npm install --no-audit --no-fund --loglevel=error > "$work/consumer-install.log" 2>&1 ||
  { cat "$work/consumer-install.log"; exit 1; }
echo "    npm install: $(ls node_modules | wc -l) top-level packages in $((SECONDS - started)) s"
node_modules/.bin/tsc -p tsconfig.json --pretty false ||
  { echo "the consumer does not type-check against the published types" >&2; exit 1; }
echo "    tsc --noEmit: src/consumer.tsx passes ($(grep -c '@ts-expect-error' src/consumer.tsx) expected errors reported)"
if node_modules/.bin/tsc -p tsconfig.broken.json --pretty false > "$work/broken.log" 2>&1; then
  echo "broken/broken.ts type-checked: the published types do not refuse a misuse" >&2
  exit 1
fi
for expected in "error TS2322: Type '\"degraded\"' is not assignable to type '\"ok\"'" \
  "error TS2322: Type 'string' is not assignable to type 'number'"; do
  grep -qF "broken/broken.ts" "$work/broken.log" && grep -qF "$expected" "$work/broken.log" ||
    { cat "$work/broken.log"; exit 1; }
done
echo "    tsc --noEmit: broken/broken.ts fails as it must ($(grep -c 'error TS' "$work/broken.log") errors)"
cd "$repo_root"

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
      '@hardening/backstage-plugin-hardening-node': 'file:$work/node.tgz',
      '@hardening/backstage-plugin-hardening-backend': 'file:$work/backend.tgz',
      '@hardening/backstage-plugin-hardening-backend-module-trx': 'file:$work/trx.tgz',
    },
    overrides: {
      '@hardening/backstage-plugin-hardening-common': 'file:$work/common.tgz',
      '@hardening/backstage-plugin-hardening-node': 'file:$work/node.tgz',
      '@hardening/backstage-plugin-hardening-backend': 'file:$work/backend.tgz',
    },
  }, null, 2));
"
cat > index.js <<'JS'
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-catalog-backend'));
backend.add(require('@hardening/backstage-plugin-hardening-backend'));
backend.add(require('@hardening/backstage-plugin-hardening-backend-module-trx'));
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

step "the README's CI examples against the packed CLI"
export HARDENING_CLI="npx --yes --package=$work/common.tgz --package=$work/cli.tgz -- hardening"
node "$repo_root/scripts/lib/check-readme-cli.mjs" "$repo_root/README.md" "$work/cli.tgz"
printf '```sh\n$HARDENING upload test-report junit.xml --tags e2e:happy\n```\n' > "$work/wrong.md"
if node "$repo_root/scripts/lib/check-readme-cli.mjs" "$work/wrong.md" "$work/cli.tgz" > "$work/wrong.log" 2>&1; then
  echo "a README example with an option the CLI does not have passed the check" >&2
  exit 1
fi
grep -q 'upload has no option --tags' "$work/wrong.log" || { cat "$work/wrong.log"; exit 1; }
echo "    an example with --tags (not an option) is refused"
