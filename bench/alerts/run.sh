#!/usr/bin/env bash
# bench:alerts — Kafka event → signed webhook request, through the alerts service and through a bare
# kafkajs → HTTP POST baseline, same run (see bench/alerts/README.md). Table on stdout, progress on
# stderr; exit 1 when a run did not deliver every alert, 2 on error.
# Environment: BENCH_ALERTS (1000), BENCH_RATE (100 events/s in the paced run), BENCH_TIMEOUT_S (120).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "bench:alerts: making sure Postgres, Redis and Kafka are up…" >&2
bash scripts/infra.sh up postgres redis kafka >&2
exec npx --no-install ts-node --transpile-only -r tsconfig-paths/register bench/alerts/run.ts
