# shellcheck shell=bash
# Redis for scripts/infra.sh (sourced): the machine's redis-server on 127.0.0.1:6379; installed
# with apt-get and started when missing, never stopped. REDIS_URL: only checked.

REDIS_HOST=127.0.0.1
REDIS_PORT=6379
LOCAL_REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT"

redis_local_ready() {
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

up_redis() {
  command -v redis-cli >/dev/null 2>&1 || apt_install redis redis-tools
  if [[ -n "${REDIS_URL:-}" ]]; then
    redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG \
      || die "redis: REDIS_URL is set but PING failed; not starting a local server"
    log "redis: external (REDIS_URL) reachable"
    return 0
  fi
  if ! redis_local_ready; then
    command -v redis-server >/dev/null 2>&1 || apt_install redis redis-server
    # The package's own service may have come up during install.
    if ! redis_local_ready; then
      log "redis: starting the machine's redis-server on $REDIS_HOST:$REDIS_PORT (daemonized, no persistence, log $LOG_DIR/redis.log)…"
      nolock redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
        --save "" --appendonly no --logfile "$LOG_DIR/redis.log" >&2 \
        || die "redis: redis-server failed to start (see $LOG_DIR/redis.log)"
      wait_ready 10 0.25 "" redis_local_ready \
        || die "redis: not answering PING on $REDIS_HOST:$REDIS_PORT (see $LOG_DIR/redis.log)"
    fi
  fi
  log "redis: up ($LOCAL_REDIS_URL)"
}

status_redis() {
  if [[ -n "${REDIS_URL:-}" ]]; then
    if redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; then
      print_status redis up "external (REDIS_URL)"; return 0
    fi
    print_status redis down "external (REDIS_URL) not reachable"; return 1
  fi
  if redis_local_ready; then print_status redis up "$LOCAL_REDIS_URL (machine service)"; return 0; fi
  print_status redis down "$REDIS_HOST:$REDIS_PORT"; return 1
}

down_redis() {
  log "redis: left running (shared machine service; infra.sh never stops it)"
}
