#!/usr/bin/env bash
# Installs npm dependencies exactly as locked (npm ci) when node_modules is missing or older than
# package-lock.json. Install scripts run only where package.json's allowScripts approves them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=node_modules/.pum-installed
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "deps: installing npm dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
