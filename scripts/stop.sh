#!/usr/bin/env bash
# Stops what `npm start` started: the services (SIGTERM, so they close cleanly), the scenario,
# then Kafka and the devnet. The machine's own Postgres and Redis keep running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for pidfile in .local/run/scenario.pid .local/run/gateway.pid .local/run/risk-engine.pid .local/run/ingest-chain.pid \
  .local/run/ingest-governance.pid .local/run/ingest-market.pid .local/run/forecast.pid .local/run/alerts.pid .local/run/analytics.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && { echo "stop: $(basename "$pidfile" .pid) did not stop in 10 s; killing" >&2; kill -KILL -- "-$pid" 2>/dev/null || true; }
    echo "stop: $(basename "$pidfile" .pid) stopped" >&2
  fi
  rm -f "$pidfile"
done
scripts/infra.sh down
