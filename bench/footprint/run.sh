#!/usr/bin/env bash
# Idle RSS and time to ready of every service, compiled (the runtime image's layout) beside ts-node, same run.
# Prints the table and PASS/FAIL against the 600 MB target on stdout, progress on stderr; exits 1 on FAIL, 2 on error.
# Environment: FOOTPRINT_SETTLE_MS (10000), FOOTPRINT_SERVICES (all), FOOTPRINT_NODE_OPTIONS, FOOTPRINT_MODES.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "bench:footprint: making sure Postgres, Redis and Kafka are up…" >&2
bash scripts/infra.sh up postgres redis kafka >&2
exec npx --no-install ts-node --transpile-only -r tsconfig-paths/register bench/footprint/footprint.ts
