#!/usr/bin/env bash
# ingest-chain backfill throughput against raw getLogs over the same range, same run: a private
# Hardhat node with ≥ 100,000 EIP-1967 Upgraded logs, ingest-chain backfilling them into Kafka.
# Prints the table and PASS/FAIL (target: at least half the raw viem getLogs rate) on stdout,
# progress on stderr; exits 1 on FAIL, 2 on error. See bench/ingest-chain/README.md.
#
# Environment: BENCH_LOGS (100000), BENCH_LOGS_PER_TX (0 = as many as the block gas limit allows),
#              BENCH_REPS (3), BENCH_DECODER (both | on | off), BENCH_FINALITY_DEPTH (64),
#              BENCH_MAX_BLOCK_RANGE (2000), BENCH_SERVICE_TIMEOUT_S (150).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "bench:ingest: making sure Postgres, Redis and Kafka are up…" >&2
bash scripts/infra.sh up postgres redis kafka >&2

mkdir -p .local/bench
# The report is also written to .local/bench/ingest-chain-report.txt; service logs beside it.
exec npx --no-install ts-node --transpile-only -r tsconfig-paths/register bench/ingest-chain/backfill.ts
