#!/usr/bin/env bash
# Command 2: run every check and test of the project, the same way CI does.
#   type check, lint, formatting, unit + database tests (SQLite and PostgreSQL 15),
#   two replicas of the backend on one PostgreSQL (yarn test:replicas), the packed packages
#   installed and run outside the monorepo (yarn test:packages), the production build started
#   as its Docker image runs it (yarn test:production-build),
#   and the end-to-end tests of the real portal in Debian's Chromium.
# Prints a summary; exits non-zero if any step failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root="$(pwd)"

source scripts/toolchain.sh || exit 1

export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export HARDENING_REQUIRE_POSTGRES=1

declare -a step_names=() step_results=() step_seconds=()
run_step() {
  local name="$1"
  shift
  echo
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    step_results+=("pass")
  else
    step_results+=("FAIL")
  fi
  step_names+=("$name")
  step_seconds+=($((SECONDS - started)))
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is down; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    for _ in $(seq 1 30); do
      pg_isready -q -h 127.0.0.1 -p 5432 && return 0
      sleep 1
    done
  fi
  echo "PostgreSQL is not reachable on 127.0.0.1:5432; the database tests need it" >&2
  return 1
}

# Redis holds the replicas' cache service in `yarn test:replicas`.
redis_answers() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
ensure_redis() {
  if redis_answers; then return 0; fi
  if command -v redis-server >/dev/null; then
    echo "Redis is down; starting it"
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null || true
    for _ in $(seq 1 15); do
      redis_answers && return 0
      sleep 1
    done
  fi
  echo "Redis is not reachable on 127.0.0.1:6379; the replica test keeps the cache service in it" >&2
  return 1
}

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the end-to-end tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x "$chromium" ] || { echo "Chromium not found at $chromium (install Debian's chromium package)" >&2; return 1; }
}

source scripts/lib/portal.sh

# The end-to-end tests of the real portal, started fresh for them.
run_e2e() {
  with_portal yarn test:e2e
}

mkdir -p test-results
rm -f test-results/jest.json test-results/e2e-results.json

run_step "install" yarn install --immutable
if [ "${step_results[0]}" != pass ]; then
  echo "Dependency install failed; nothing else can run." >&2
  exit 1
fi
run_step "postgresql" ensure_postgres
run_step "redis" ensure_redis
run_step "typecheck" yarn tsc
run_step "lint" yarn lint:all
run_step "prettier" yarn prettier:check
run_step "unit+db tests" env CI=true yarn backstage-cli repo test --json --outputFile="$repo_root/test-results/jest.json"
run_step "replicas" yarn test:replicas
run_step "packages" yarn test:packages
run_step "production build" yarn test:production-build
run_step "chromium" ensure_chromium
run_step "e2e (Playwright)" run_e2e

echo
echo "=== Summary"
failed_steps=()
for i in "${!step_names[@]}"; do
  printf '  %-18s %-4s %4ss\n' "${step_names[$i]}" "${step_results[$i]}" "${step_seconds[$i]}"
  [ "${step_results[$i]}" = pass ] || failed_steps+=("${step_names[$i]}")
done
node scripts/count-tests.mjs test-results/jest.json test-results/e2e-results.json
if [ ${#failed_steps[@]} -eq 0 ]; then
  echo "OVERALL: PASS"
  exit 0
fi
echo "OVERALL: FAIL (${failed_steps[*]})"
exit 1
