#!/usr/bin/env bash
# Builds and packs the installable packages into one folder (default dist/packages, ignored
# by git; HARDENING_PACKAGES_DIR overrides it): common.tgz, node.tgz, backend.tgz,
# trx.tgz, frontend.tgz, scaffolder.tgz and cli.tgz, each with `backstage-cli package build` and `yarn pack` (which
# rewrites workspace: ranges and applies publishConfig), then checks each tarball's manifest
# and files (scripts/lib/check-packed-package.mjs). Used by scripts/test-packages.sh and by
# the e2e test of the packed CLI when the tarballs are missing.
#   scripts/pack-packages.sh [name...]     (default: all seven)
# Expects the toolchain on PATH; runs `yarn tsc` first if dist-types is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${HARDENING_PACKAGES_DIR:-$PWD/dist/packages}"
mkdir -p "$out"

declare -A dirs=(
  [common]=plugins/hardening-common
  [node]=plugins/hardening-node
  [backend]=plugins/hardening-backend
  [trx]=plugins/hardening-backend-module-trx
  [frontend]=plugins/hardening
  [scaffolder]=plugins/scaffolder-backend-module-hardening
  [cli]=packages/hardening-cli
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(common node backend trx frontend scaffolder cli)

[ -d dist-types/plugins ] || yarn tsc

for name in "${names[@]}"; do
  dir="${dirs[$name]:-}"
  [ -n "$dir" ] || { echo "unknown package $name (one of ${!dirs[*]})" >&2; exit 2; }
  rm -f "$out/$name.tgz"
  (cd "$dir" && yarn backstage-cli package build > "$out/build-$name.log" 2>&1) ||
    { cat "$out/build-$name.log"; exit 1; }
  (cd "$dir" && yarn pack -o "$out/$name.tgz" > "$out/pack-$name.log" 2>&1) ||
    { cat "$out/pack-$name.log"; exit 1; }
  node scripts/lib/check-packed-package.mjs "$out/$name.tgz"
done
