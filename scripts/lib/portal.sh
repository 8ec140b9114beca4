# Shell functions to run a command against a freshly started portal (sourced by test.sh and
# the Playwright-based benchmarks). Expects the toolchain on PATH and test-results/ to exist.

# The loopback port of the CI OIDC issuer the e2e test plays (packages/app/e2e-tests/
# ciUpload.test.ts serves its JWKS there); fixed, so that the portal can trust it at start.
HARDENING_E2E_OIDC_ISSUER_PORT=7099

free_portal_ports() {
  for port in 3000 7007 "$HARDENING_E2E_OIDC_ISSUER_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is in use; stop the running portal first" >&2
      return 1
    fi
  done
}

wait_for_url() {
  local url="$1"
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 1
  done
  echo "$url did not answer within 300 s (see test-results/portal.log)" >&2
  return 1
}

# with_portal <command...>: starts the portal (yarn start) in its own process group, runs the
# command once backend and app answer, then stops the whole group, so no stale backend
# outlives the run. The portal gets a static external access token for CI uploads, new for
# every run (HARDENING_CI_TOKEN), restricted as the README's "Uploading from CI" section
# configures it and bound to team-payments' entities (hardening.ingest.bindings), a static
# token for MCP clients (HARDENING_MCP_TOKEN), restricted as the README's "Assistants (MCP)"
# section configures it, and trusts
# the e2e test's local OIDC issuer (HARDENING_E2E_OIDC_ISSUER) for trusted publishing.
# Returns the command's status.
with_portal() {
  free_portal_ports || return 1
  HARDENING_CI_TOKEN="$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")"
  export HARDENING_CI_TOKEN
  HARDENING_MCP_TOKEN="$(node -e "process.stdout.write(require('node:crypto').randomBytes(24).toString('base64url'))")"
  export HARDENING_MCP_TOKEN
  export APP_CONFIG_backend_auth_externalAccess='[{"type":"static","options":{"token":"'"$HARDENING_CI_TOKEN"'","subject":"ci-evidence-upload"},"accessRestrictions":[{"plugin":"hardening","permission":"hardening.evidence.create"}]},{"type":"static","options":{"token":"'"$HARDENING_MCP_TOKEN"'","subject":"mcp-client"},"accessRestrictions":[{"plugin":"mcp-actions"},{"plugin":"hardening"}]}]'
  export APP_CONFIG_hardening_ingest_bindings='[{"subject":"ci-evidence-upload","ownedBy":["group:default/team-payments"]}]'
  export HARDENING_E2E_OIDC_ISSUER="http://127.0.0.1:$HARDENING_E2E_OIDC_ISSUER_PORT"
  export APP_CONFIG_hardening_ingest_trustedPublishing='{"issuers":[{"issuer":"'"$HARDENING_E2E_OIDC_ISSUER"'","type":"github","runUrlBase":"https://github.com","allowedOwners":["northwind-freight"]}]}'
  setsid yarn start > test-results/portal.log 2>&1 &
  local portal=$!
  local status=1
  if wait_for_url http://localhost:7007/api/hardening/health && wait_for_url http://localhost:3000; then
    PLAYWRIGHT_URL=http://localhost:3000 "$@"
    status=$?
  fi
  stop_process_group "$portal"
  return $status
}

# Stops every process of the group: SIGTERM, then SIGKILL for what is left after 15 s.
stop_process_group() {
  local group="$1"
  kill -TERM -- "-$group" 2>/dev/null
  for _ in $(seq 1 15); do
    kill -0 -- "-$group" 2>/dev/null || break
    sleep 1
  done
  kill -KILL -- "-$group" 2>/dev/null
  wait "$group" 2>/dev/null
}
