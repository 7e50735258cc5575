#!/usr/bin/env bash
# End-to-end latency, block at the RPC → Socket.IO client, at 10, 100 and 1,000 events/s, with the per-stage split
# and a bare kafkajs round trip on the same broker in the same run. Table on stdout (and in
# .local/bench/pipeline-report.md), progress on stderr. See the header of bench/pipeline/pipeline.ts.
#
# Environment: BENCH_SECONDS (120 per rate), BENCH_RATES (10,100,1000), BENCH_BLOCK_MS (250), BENCH_POLL_MS (1000),
#              BENCH_WS (on | off: the newHeads subscription), BENCH_DRAIN_MS (20000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
echo "bench:pipeline: making sure Postgres, Redis and Kafka are up…" >&2
bash scripts/infra.sh up postgres redis kafka >&2
npx ts-node --transpile-only tools/devnet/src/compile.ts >/dev/null
exec npx --no-install ts-node --transpile-only -r tsconfig-paths/register bench/pipeline/pipeline.ts
