#!/usr/bin/env bash
# Command 1: start the portal locally (app on http://localhost:3000, backend on :7007)
# on its embedded in-memory SQLite database with the demo catalog.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/toolchain.sh
yarn install --immutable
exec yarn start "$@"
