#!/usr/bin/env bash
# REST latency of the gateway's hot routes with a million events stored, cache on and off, beside a bare pg server
# (see rest.ts). Prints the table and PASS/FAIL on stdout; the report also goes to .local/bench/gateway-rest-report.txt.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
echo "bench:rest: making sure Postgres, Redis and Kafka are up…" >&2
bash scripts/infra.sh up postgres redis kafka >&2
exec npx --no-install ts-node --transpile-only -r tsconfig-paths/register bench/gateway-rest/rest.ts
