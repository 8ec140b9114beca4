#!/usr/bin/env bash
# yarn bench:tab — how long the Hardening tab of payments-api takes to be usable in Chromium
# with a year of daily evidence (seed mode `full` for that service), measured by the freeze
# end-to-end test on a freshly started portal. Prints the figure; asserts nothing about it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh || exit 1
source scripts/lib/portal.sh
mkdir -p test-results

export APP_CONFIG_hardening_seed_mode='"full"'
export APP_CONFIG_hardening_seed_entities='["component:default/payments-api"]'
with_portal yarn playwright test packages/app/e2e-tests/freeze.test.ts \
  --reporter=list --retries=0 --output=test-results/bench-tab > test-results/bench-tab.log 2>&1
status=$?
grep -h "Hardening tab usable after" test-results/bench-tab.log || tail -40 test-results/bench-tab.log
echo "(seed: full mode, 365 days, payments-api only; see test-results/bench-tab.log)"
exit $status
