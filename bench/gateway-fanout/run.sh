#!/usr/bin/env bash
# Socket.IO fan-out of the gateway beside a bare Socket.IO server broadcasting the same messages to the same clients,
# same run (see fanout.ts for the phases and the env). Prints the table and PASS/FAIL on stdout, progress on stderr;
# the report also goes to .local/bench/gateway-fanout-report.txt. Exits 1 on FAIL, 2 on error.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "bench:fanout: making sure Postgres, Redis and Kafka are up…" >&2
bash scripts/infra.sh up postgres redis kafka >&2
# 10,000 sockets per side need descriptors beyond the usual 1,024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec npx --no-install ts-node --transpile-only -r tsconfig-paths/register bench/gateway-fanout/fanout.ts
