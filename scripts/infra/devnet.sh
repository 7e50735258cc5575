# shellcheck shell=bash
# The Hardhat devnet for scripts/infra.sh (sourced): a node on 127.0.0.1:$DEVNET_PORT started
# from tools/devnet/hardhat.config.js. DEVNET_RPC_URL: an external node, only checked.

DEVNET_PORT="${DEVNET_PORT:-8545}"
DEVNET_START_TIMEOUT="${DEVNET_START_TIMEOUT:-90}"
DEVNET_HARDHAT_CONFIG="${DEVNET_HARDHAT_CONFIG:-tools/devnet/hardhat.config.js}"
DEVNET_LOG="$LOG_DIR/devnet.log"
LOCAL_DEVNET_URL="http://127.0.0.1:$DEVNET_PORT"
# Identifies our node in /proc/<pid>/cmdline.
DEVNET_PATTERN="hardhat"

rpc_ready() { # rpc_ready <url>
  curl -sS --max-time 2 -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" 2>/dev/null \
    | grep -q '"result"'
}

DEVNET_WAIT_PID=""
DEVNET_WAIT_START=""

# Starts the node if needed without waiting for it (Kafka starts meanwhile).
up_devnet_begin() {
  if [[ -n "${DEVNET_RPC_URL:-}" ]]; then
    wait_ready 5 1 "" rpc_ready "$DEVNET_RPC_URL" \
      || die "devnet: DEVNET_RPC_URL is set ($DEVNET_RPC_URL) but eth_chainId does not answer; not starting a local node"
    log "devnet: external (DEVNET_RPC_URL=$DEVNET_RPC_URL) reachable"
    return 0
  fi
  local pid
  if pid=$(managed_pid devnet "$DEVNET_PATTERN"); then
    if rpc_ready "$LOCAL_DEVNET_URL"; then
      log "devnet: already up ($LOCAL_DEVNET_URL, pid $pid)"
    else
      log "devnet: node (pid $pid) is still starting; waiting…"
      DEVNET_WAIT_PID=$pid
      DEVNET_WAIT_START=$(now_ms)
    fi
    return 0
  fi
  if rpc_ready "$LOCAL_DEVNET_URL"; then
    log "devnet: already reachable on $LOCAL_DEVNET_URL (not started by infra.sh; leaving it alone)"
    return 0
  fi
  tcp_open 127.0.0.1 "$DEVNET_PORT" \
    && die "devnet: 127.0.0.1:$DEVNET_PORT is in use by something that does not answer eth_chainId (set DEVNET_PORT to use another port)"
  [[ -f "$DEVNET_HARDHAT_CONFIG" ]] \
    || die "devnet: Hardhat config $DEVNET_HARDHAT_CONFIG not found"
  require_node

  local hardhat=(npx hardhat)
  [[ -x "$ROOT/node_modules/.bin/hardhat" ]] && hardhat=("$ROOT/node_modules/.bin/hardhat")
  DEVNET_WAIT_START=$(now_ms)
  rotate_log "$DEVNET_LOG"
  log "devnet: starting Hardhat node on $LOCAL_DEVNET_URL, log ${DEVNET_LOG#"$ROOT"/}"
  HARDHAT_DISABLE_TELEMETRY_PROMPT=true setsid nohup "${hardhat[@]}" \
    --config "$DEVNET_HARDHAT_CONFIG" node --hostname 127.0.0.1 --port "$DEVNET_PORT" \
    >"$DEVNET_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/devnet.pid"
  DEVNET_WAIT_PID=$!
}

# Waits for a node started by up_devnet_begin.
up_devnet_finish() {
  [[ -n "$DEVNET_WAIT_PID" ]] || return 0
  local pid=$DEVNET_WAIT_PID rc=0
  wait_ready "$DEVNET_START_TIMEOUT" 0.5 "$pid" rpc_ready "$LOCAL_DEVNET_URL" || rc=$?
  case $rc in
    0) log "devnet: up ($LOCAL_DEVNET_URL, pid $pid, ready after $(elapsed "$DEVNET_WAIT_START"))" ;;
    2)
      rm -f "$RUN_DIR/devnet.pid"
      show_log_tail "$DEVNET_LOG"
      die "devnet: Hardhat node exited during startup; see ${DEVNET_LOG}"
      ;;
    *)
      show_log_tail "$DEVNET_LOG"
      die "devnet: no eth_chainId answer on $LOCAL_DEVNET_URL within ${DEVNET_START_TIMEOUT}s; see ${DEVNET_LOG} (left running: 'scripts/infra.sh down devnet' to stop it)"
      ;;
  esac
}

status_devnet() {
  if [[ -n "${DEVNET_RPC_URL:-}" ]]; then
    if rpc_ready "$DEVNET_RPC_URL"; then print_status devnet up "external (DEVNET_RPC_URL=$DEVNET_RPC_URL)"; return 0; fi
    print_status devnet down "external (DEVNET_RPC_URL=$DEVNET_RPC_URL) not reachable"; return 1
  fi
  local pid detail
  if pid=$(managed_pid devnet "$DEVNET_PATTERN"); then detail="pid $pid"; else detail="not started by infra.sh"; fi
  if rpc_ready "$LOCAL_DEVNET_URL"; then print_status devnet up "$LOCAL_DEVNET_URL ($detail)"; return 0; fi
  print_status devnet down "$LOCAL_DEVNET_URL"
  return 1
}

down_devnet() {
  [[ -n "${DEVNET_RPC_URL:-}" ]] && log "devnet: DEVNET_RPC_URL is set (external node); not touching it"
  stop_managed devnet "$DEVNET_PATTERN"
}
