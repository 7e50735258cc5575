#!/usr/bin/env bash
# Builds the dashboard into apps/dashboard/dist, unless the sources are those of the last build: the hash of every
# input (sources, config, the client and contracts it bundles, the lock file) is kept in dist/.build-stamp.
#   --force   build even when nothing changed
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# One build at a time (the browser specs run in parallel and each makes sure of the build): the next waits, then
# finds the stamp current.
mkdir -p .local/run
exec 9>.local/run/dashboard-build.lock
flock 9
stamp=apps/dashboard/dist/.build-stamp
hash=$(
  find apps/dashboard libs/client/src libs/contracts/src -type f \
    \( -path apps/dashboard/dist -prune -o -path '*/node_modules' -prune -o -print \) 2>/dev/null \
    | grep -v '^apps/dashboard/dist/' | LC_ALL=C sort | xargs sha256sum package-lock.json | sha256sum | cut -d' ' -f1
)
if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "dashboard: up to date (apps/dashboard/dist)" >&2
  exit 0
fi
echo "dashboard: type-checking and building (vite)…" >&2
npx tsc -p apps/dashboard/tsconfig.json --noEmit
npx vite build --config apps/dashboard/vite.config.ts --logLevel warn
echo "$hash" >"$stamp"
echo "dashboard: built into apps/dashboard/dist" >&2
