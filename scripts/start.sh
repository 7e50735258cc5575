#!/usr/bin/env bash
# Starts the whole system on its local default: Kafka, Postgres, Redis, the devnet, the eight
# services, and (when no CHAIN_RPC_URL is configured) the demo scenario that deploys and upgrades
# a UUPS and a transparent proxy. Ctrl-C (or `npm stop` from another shell) shuts it all down.
#   --detach   start everything and return (stop later with `npm stop`)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
detach=false
[ "${1:-}" = "--detach" ] && detach=true
# shellcheck source=/dev/null  # the user's own .env, not part of the repository
if [ -f .env ]; then set -a; . ./.env; set +a; fi

SERVICES=(ingest-chain ingest-governance ingest-market risk-engine forecast alerts analytics gateway)
declare -A PORTS=([gateway]=3000 [ingest-chain]=3001 [ingest-governance]=3002 [ingest-market]=3003 [risk-engine]=3004 [forecast]=3005 [alerts]=3006 [analytics]=3007)
mkdir -p .local/logs .local/run
log() { printf 'start: %s\n' "$*" >&2; }

scripts/ensure-deps.sh
if [ -z "${CHAIN_RPC_URL:-}${CHAIN_RPC_ENDPOINTS:-}" ]; then scripts/infra.sh up; else scripts/infra.sh up postgres redis kafka; fi
log "compiling the services into dist/ (cached)…"
npm run -s build
log "compiling devnet contracts (cached)…"
npx ts-node --transpile-only tools/devnet/src/compile.ts >/dev/null
# The web dashboard the gateway serves at / (cached: built only when its sources changed).
bash apps/dashboard/build.sh || log "dashboard not built: the gateway serves the API without it"
if [ -z "${CHAIN_RPC_URL:-}${CHAIN_RPC_ENDPOINTS:-}" ]; then
  # The demo market (config/protocols.yaml's pools and feed) must have code before ingest-market first looks at it;
  # its pools are priced through its dollar, dUSD.
  log "deploying the demo market on the devnet, once (log .local/logs/demo-market.log)…"
  npx ts-node --transpile-only tools/devnet/src/scenario.ts --market-only >.local/logs/demo-market.log 2>&1 \
    || log "demo market not deployed (see .local/logs/demo-market.log): the demo runs without on-chain market data"
  export ONCHAIN_USD_TOKENS="${ONCHAIN_USD_TOKENS:-31337:0x850EC3780CeDfdb116E38B009d0bf7a1ef1b8b38}"
fi

stop_all() {
  trap - INT TERM
  log "stopping…"
  bash scripts/stop.sh
  exit 0
}
$detach || trap stop_all INT TERM

for svc in "${SERVICES[@]}"; do
  pidfile=.local/run/$svc.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "$svc already running (pid $(cat "$pidfile"))"
    continue
  fi
  # Each service in its own session so `npm stop` can signal exactly it; compiled, as in the image.
  # NODE_OPTIONS as the image sets it (Dockerfile: a 2 MB young generation, about 25 MB less RSS per idle service).
  NODE_OPTIONS="${NODE_OPTIONS:---max-semi-space-size=2}" setsid node "dist/services/$svc/src/main.js" >".local/logs/$svc.log" 2>&1 < /dev/null &
  echo $! >"$pidfile"
  log "$svc starting (pid $!, log .local/logs/$svc.log)"
done

for svc in "${SERVICES[@]}"; do
  port=${PORTS[$svc]}
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$(cat ".local/run/$svc.pid")" 2>/dev/null; then
      log "$svc exited during start-up; last lines of .local/logs/$svc.log:"
      tail -n 20 ".local/logs/$svc.log" >&2
      bash scripts/stop.sh
      exit 1
    fi
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { log "$svc not ready after 60 s (see .local/logs/$svc.log)"; bash scripts/stop.sh; exit 1; }
  log "$svc ready on http://127.0.0.1:$port"
done

if [ -z "${CHAIN_RPC_URL:-}${CHAIN_RPC_ENDPOINTS:-}" ]; then
  log "running the demo scenario on the devnet (log .local/logs/scenario.log)…"
  setsid npx ts-node --transpile-only tools/devnet/src/scenario.ts --rounds "${DEMO_ROUNDS:-3}" --interval-ms "${DEMO_INTERVAL_MS:-3000}" \
    >.local/logs/scenario.log 2>&1 < /dev/null &
  echo $! >.local/run/scenario.pid
fi

# The demo account (demo@localhost, pro tier) is created once. A key is shown only when it is created, so
# the demo key is kept in the git-ignored .local/demo-api-key and every start prints that same key
# (a new one is made when it was revoked or the database was reset).
demo_key=""
if npm run -s accounts -- demo --key-file .local/demo-api-key >/dev/null 2>.local/logs/accounts.log; then
  demo_key=$(cat .local/demo-api-key)
else
  log "demo account not created (see .local/logs/accounts.log)"
fi

cat >&2 <<'TXT'

  Protocol Upgrade Monitor is up.
    REST:       curl -s http://127.0.0.1:3000/api/v1/upgrades | jq
    Risk:       curl -s http://127.0.0.1:3000/api/v1/upgrades/<id>/risk | jq
    Lifecycle:  curl -s 'http://127.0.0.1:3000/api/v1/lifecycle?protocolId=demo-dao' | jq   # proposed → voting → queued (ETA) → executed
    Forecasts:  curl -s 'http://127.0.0.1:3000/api/v1/forecasts?protocolId=demo-dao' | jq   # from the demo pools' and feed's ticks
    Socket.IO:  npm run watch:upgrades
    Dashboard:  http://127.0.0.1:3000/   (enter the API key below once; kept for the browser session)
    API doc:    http://127.0.0.1:3000/api/v1/openapi.yaml
    Logs:       .local/logs/*.log      Stop: Ctrl-C here, or `npm stop`

TXT
if [ -n "$demo_key" ]; then
  printf '    API key:    %s  (demo@localhost, pro tier; kept in .local/demo-api-key)\n' "$demo_key" >&2
  printf '                curl -s -H "X-API-Key: %s" http://127.0.0.1:3000/api/v1/me | jq\n\n' "$demo_key" >&2
fi
$detach && exit 0
# Stay in the foreground until Ctrl-C, or until a service dies.
while true; do
  for svc in "${SERVICES[@]}"; do
    if ! kill -0 "$(cat ".local/run/$svc.pid")" 2>/dev/null; then
      log "$svc stopped unexpectedly; last lines of .local/logs/$svc.log:"
      tail -n 20 ".local/logs/$svc.log" >&2
      stop_all
    fi
  done
  sleep 2
done
