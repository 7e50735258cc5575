#!/usr/bin/env bash
# Local infrastructure for Protocol Upgrade Monitor (dev + tests). Idempotent.
#
# Usage: scripts/infra.sh up|down|status [kafka|postgres|redis|devnet ...]
# Run `scripts/infra.sh help` for details.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$ROOT"

ALL_COMPONENTS=(postgres redis kafka devnet)

usage() {
  cat <<'EOF'
Usage: scripts/infra.sh up|down|status [kafka|postgres|redis|devnet ...]

Local infrastructure for Protocol Upgrade Monitor. With no component arguments
all four are handled. Safe to run repeatedly (idempotent).

  up      Make the components reachable, starting whatever is not running:
            postgres  127.0.0.1:5432, database "pum" ensured
                      (default app URL: postgres://postgres@127.0.0.1:5432/pum)
            redis     127.0.0.1:6379
            kafka     single-node KRaft broker on 127.0.0.1:9092 (controller 9093),
                      jars resolved once from Maven Central into .local/kafka/libs;
                      then scripts/create-topics.ts is run if it exists
            devnet    Hardhat node (tools/devnet/hardhat.config.js) on 127.0.0.1:8545
          Already-running components are left alone (quick no-op).
  down    Stop what infra.sh itself started: Kafka and the devnet (SIGTERM, then
          SIGKILL after ~20 s). PostgreSQL and Redis are shared machine services
          and are NEVER stopped by this script.
  status  One line per component; exit code 1 if any of them is down.

External services: if one of these is set (environment or .env at the repo root;
the environment wins), nothing is started for that component, it is only checked:
  KAFKA_BROKERS   (e.g. host1:9092,host2:9092; create-topics still runs)
  DATABASE_URL    (postgres://...)
  REDIS_URL       (redis://...)
  DEVNET_RPC_URL  (http://...)

Other knobs: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), DEVNET_PORT (8545),
  KAFKA_HEAP_OPTS ("-Xms256m -Xmx768m"), KAFKA_START_TIMEOUT (120 s),
  DEVNET_START_TIMEOUT (90 s), DEVNET_HARDHAT_CONFIG (tools/devnet/hardhat.config.js).

Everything generated lives under .local/ (git-ignored):
  .local/kafka/libs  broker jars (cache; delete to force a re-download)
  .local/kafka/data  broker data (delete while down to reset Kafka)
  .local/logs/       kafka.log, devnet.log (previous run: *.log.1)
  .local/run/        pid files, lock
EOF
}

# ------------------------------------------------------------------ helpers

log() { printf 'infra: %s\n' "$*" >&2; }
warn() { printf 'infra: WARNING: %s\n' "$*" >&2; }
die() { printf 'infra: ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { # elapsed <start_ms> -> "12.3s"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100))
}

# Source .env (set -a) if present; values already in the environment win.
load_dotenv() {
  [[ -f "$ROOT/.env" ]] || return 0
  local -A saved=()
  local name
  while IFS= read -r name; do
    saved["$name"]="${!name-}"
  done < <(compgen -e)
  set -a
  # shellcheck disable=SC1091
  . "$ROOT/.env" || die "could not source $ROOT/.env"
  set +a
  for name in "${!saved[@]}"; do
    export "$name=${saved[$name]}"
  done
}

# Run a command with the lock fd closed, so long-lived children (Kafka, the devnet,
# postgres, redis-server) never inherit it (that would block later invocations forever).
nolock() { "$@" 9>&-; }

tcp_open() { # tcp_open <host> <port>
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

apt_install() {
  local SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install $*"
    SUDO=(sudo)
  fi
  log "installing $* via apt-get…"
  if ! nolock env DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q "$@" >&2; then
    nolock env DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get update -q >&2 || true
    nolock env DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q "$@" >&2 \
      || die "apt-get install $* failed"
  fi
}

# managed_pid <name> <cmdline-pattern>: print the pid from .local/run/<name>.pid if that
# process is alive and really is ours; otherwise remove a stale pid file and return 1.
managed_pid() {
  local name=$1 pattern=$2 pidf="$RUN_DIR/$1.pid" pid
  [[ -f "$pidf" ]] || return 1
  pid=$(tr -dc '0-9' <"$pidf")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
     && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidf"
  return 1
}

# stop_managed <name> <cmdline-pattern>: SIGTERM the process group we started, wait
# up to ~20 s, then SIGKILL. Never touches anything we did not start.
stop_managed() {
  local name=$1 pattern=$2 pid target i
  if ! pid=$(managed_pid "$name" "$pattern"); then
    log "$name: not running (nothing started by infra.sh)"
    return 0
  fi
  # We start children with setsid, so pid == process-group id: signal the whole group.
  if [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]]; then target="-$pid"; else target="$pid"; fi
  log "$name: stopping (pid $pid)…"
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do
    kill -0 -- "$target" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 -- "$target" 2>/dev/null; then
    warn "$name did not exit within 20 s after SIGTERM; sending SIGKILL"
    kill -KILL -- "$target" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
      kill -0 -- "$target" 2>/dev/null || break
      sleep 0.25
    done
  fi
  rm -f "$RUN_DIR/$name.pid"
  log "$name: stopped"
}

rotate_log() { # keep exactly one previous log
  [[ -f "$1" ]] && mv -f "$1" "$1.1"
  return 0
}

show_log_tail() { # show_log_tail <file>
  if [[ -f "$1" ]]; then
    printf '%s\n' "----- last 30 lines of $1 -----" >&2
    tail -n 30 "$1" >&2 || true
    printf '%s\n' "----- end of $1 -----" >&2
  fi
}

require_node() { command -v node >/dev/null 2>&1 || die "node is required (Node 20+)"; }

# ------------------------------------------------------------------ settings

load_dotenv

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
DEVNET_PORT="${DEVNET_PORT:-8545}"
DEVNET_START_TIMEOUT="${DEVNET_START_TIMEOUT:-90}"
DEVNET_HARDHAT_CONFIG="${DEVNET_HARDHAT_CONFIG:-tools/devnet/hardhat.config.js}"
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
PG_DB=pum
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

LOCAL_DIR="$ROOT/.local"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"
KAFKA_DIR="$LOCAL_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_LOG="$LOG_DIR/kafka.log"
DEVNET_LOG="$LOG_DIR/devnet.log"
KAFKA_POM="$ROOT/infra/kafka/pom.xml"
KAFKA_TEMPLATE="$ROOT/infra/kafka/server.properties.template"
KAFKA_LOG4J="$ROOT/infra/kafka/log4j.properties"

LOCAL_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
LOCAL_DEVNET_URL="http://127.0.0.1:$DEVNET_PORT"
LOCAL_DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB"
LOCAL_REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT"

# Pattern that identifies our processes in /proc/<pid>/cmdline.
KAFKA_PATTERN="kafka.Kafka"
DEVNET_PATTERN="hardhat"

# ------------------------------------------------------------------ postgres

pg_local_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

pg_db_exists() {
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" 2>/dev/null | grep -q 1
}

pg_trust_loopback() { # only used right after a fresh apt install
  local hba="/etc/postgresql/$1/main/pg_hba.conf"
  [[ -f "$hba" ]] || return 0
  grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" && return 0
  log "postgres: fresh install; allowing passwordless (trust) connections on loopback in $hba"
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
}

up_postgres() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client
    pg_isready -q -d "$DATABASE_URL" -t 5 >/dev/null 2>&1 \
      || die "postgres: DATABASE_URL is set but not reachable (pg_isready failed); not starting a local server"
    if ! psql "$DATABASE_URL" -tAc 'SELECT 1' >/dev/null 2>&1; then
      warn "postgres: server in DATABASE_URL is up, but its database cannot be opened (missing database or credentials?)"
    fi
    log "postgres: external (DATABASE_URL) reachable"
    return 0
  fi

  if ! pg_local_ready; then
    local fresh=0 ver
    if [[ -z "$(ls -A /etc/postgresql 2>/dev/null)" ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt_install postgresql
      fresh=1
    fi
    ver=$(ls /etc/postgresql | sort -V | tail -n 1)
    [[ -n "$ver" ]] || die "postgres: no cluster found under /etc/postgresql after install"
    [[ $fresh -eq 1 ]] && pg_trust_loopback "$ver"
    log "postgres: starting cluster $ver/main…"
    nolock pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 \
      || pg_local_ready || die "postgres: pg_ctlcluster $ver main start failed"
    local i
    for ((i = 0; i < 60; i++)); do
      pg_local_ready && break
      sleep 0.5
    done
    pg_local_ready || die "postgres: not accepting connections on $PG_HOST:$PG_PORT after start (see /var/log/postgresql/)"
    log "postgres: started"
  fi

  if ! pg_db_exists; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
      || die "postgres: cannot connect as $PG_USER to $PG_HOST:$PG_PORT without a password (trust auth expected)"
    log "postgres: creating database $PG_DB"
    createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB" 2>/dev/null || pg_db_exists \
      || die "postgres: createdb $PG_DB failed"
  fi
  log "postgres: up ($LOCAL_DATABASE_URL)"
}

status_postgres() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    if pg_isready -q -d "$DATABASE_URL" -t 3 >/dev/null 2>&1; then
      print_status postgres up "external (DATABASE_URL)"; return 0
    fi
    print_status postgres down "external (DATABASE_URL) not reachable"; return 1
  fi
  if ! pg_local_ready; then print_status postgres down "$PG_HOST:$PG_PORT"; return 1; fi
  if ! pg_db_exists; then print_status postgres down "$PG_HOST:$PG_PORT is up but database $PG_DB is missing"; return 1; fi
  print_status postgres up "$LOCAL_DATABASE_URL (machine service)"
}

down_postgres() {
  log "postgres: left running (shared machine service; infra.sh never stops it)"
}

# ------------------------------------------------------------------ redis

redis_local_ready() {
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

up_redis() {
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
  if [[ -n "${REDIS_URL:-}" ]]; then
    redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG \
      || die "redis: REDIS_URL is set but PING failed; not starting a local server"
    log "redis: external (REDIS_URL) reachable"
    return 0
  fi
  if ! redis_local_ready; then
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    # The package's own service may have come up during install.
    if ! redis_local_ready; then
      log "redis: starting redis-server on $REDIS_HOST:$REDIS_PORT…"
      nolock redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" \
        --save "" --appendonly no --logfile "$LOG_DIR/redis.log" >&2 \
        || die "redis: redis-server failed to start (see $LOG_DIR/redis.log)"
      local i
      for ((i = 0; i < 40; i++)); do
        redis_local_ready && break
        sleep 0.25
      done
      redis_local_ready || die "redis: not answering PING on $REDIS_HOST:$REDIS_PORT (see $LOG_DIR/redis.log)"
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

# ------------------------------------------------------------------ kafka

kafka_ready() { # kafka_ready <brokers> [timeout_ms]
  KAFKA_READY_TIMEOUT_MS="${2:-5000}" node "$ROOT/scripts/kafka-ready.cjs" "$1" >/dev/null 2>&1
}

kafka_local_ready() {
  tcp_open 127.0.0.1 "$KAFKA_PORT" && kafka_ready "$LOCAL_KAFKA_BROKERS" "${1:-5000}"
}

ensure_java() {
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
}

kafka_ensure_jars() {
  local want
  want=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$want" ]] \
     && compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || apt_install maven
  log "resolving Kafka jars from Maven Central (first run only)…"
  local start tmp="$KAFKA_LIBS.tmp"
  start=$(now_ms)
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # Maven 3.8 prints stray ANSI resets even with -q -B: strip them (pipefail keeps mvn's status).
  nolock mvn -q -B -Dstyle.color=never -f "$KAFKA_POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime 2>&1 \
    | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2 \
    || die "Maven could not resolve the Kafka jars (is Maven Central reachable? see output above)"
  compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null || die "Maven finished but no kafka_2.13 jar was copied into $tmp"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  echo "$want" >"$KAFKA_LIBS/.complete"
  log "Kafka jars ready in ${KAFKA_LIBS#"$ROOT"/} ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars, $(elapsed "$start"))"
}

kafka_render_props() {
  mkdir -p "$KAFKA_DIR"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$KAFKA_DATA|g" \
      "$KAFKA_TEMPLATE" >"$KAFKA_PROPS.tmp"
  mv -f "$KAFKA_PROPS.tmp" "$KAFKA_PROPS"
}

kafka_java() { # kafka_java <main class> [args...]   (foreground, short-lived tools)
  java -Xmx256m -Dlog4j.configuration="file:$KAFKA_LOG4J" -cp "$KAFKA_LIBS/*" "$@"
}

kafka_format_storage() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  local idf="$KAFKA_DIR/cluster-id" id=""
  [[ -f "$idf" ]] && id=$(tr -d '[:space:]' <"$idf")
  if [[ -z "$id" ]]; then
    id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 | tr -d '[:space:]')
    [[ "$id" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka: could not generate a cluster id (got '$id')"
    echo "$id" >"$idf"
  fi
  log "kafka: formatting storage in ${KAFKA_DATA#"$ROOT"/} (cluster id $id)"
  mkdir -p "$KAFKA_DATA"
  local out
  out=$(kafka_java kafka.tools.StorageTool format -t "$id" -c "$KAFKA_PROPS" --ignore-formatted 2>&1) \
    || { printf '%s\n' "$out" >&2; die "kafka: storage format failed"; }
}

kafka_spawn() {
  rotate_log "$KAFKA_LOG"
  log "kafka: starting broker on $LOCAL_KAFKA_BROKERS (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT), log ${KAFKA_LOG#"$ROOT"/}"
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS is intentionally word-split
  # Not via nolock(): a backgrounded function would run in a bash subshell and $! would be
  # that subshell, not the broker. As a simple command, $! is setsid -> nohup -> java.
  setsid nohup java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_LOG4J" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/kafka.pid"
}

kafka_wait() {
  local pid=$1 start=$2 deadline=$(( $(date +%s) + KAFKA_START_TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$RUN_DIR/kafka.pid"
      show_log_tail "$KAFKA_LOG"
      die "kafka: broker process exited during startup; see ${KAFKA_LOG}"
    fi
    if kafka_local_ready 3000; then
      log "kafka: up ($LOCAL_KAFKA_BROKERS, pid $pid, ready after $(elapsed "$start"))"
      return 0
    fi
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$KAFKA_LOG"
      die "kafka: broker (pid $pid) did not become ready within ${KAFKA_START_TIMEOUT}s; see ${KAFKA_LOG} (it is left running: 'scripts/infra.sh down kafka' to stop it)"
    fi
    sleep 1
  done
}

KAFKA_WAIT_PID=""
KAFKA_WAIT_START=""
KAFKA_EFFECTIVE_BROKERS=""

up_kafka_begin() {
  require_node
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    KAFKA_EFFECTIVE_BROKERS="$KAFKA_BROKERS"
    local i
    for ((i = 0; i < 5; i++)); do
      kafka_ready "$KAFKA_BROKERS" 5000 && { log "kafka: external (KAFKA_BROKERS=$KAFKA_BROKERS) reachable"; return 0; }
      sleep 1
    done
    die "kafka: KAFKA_BROKERS is set ($KAFKA_BROKERS) but the cluster is not reachable; not starting a local broker"
  fi
  KAFKA_EFFECTIVE_BROKERS="$LOCAL_KAFKA_BROKERS"

  local pid
  if pid=$(managed_pid kafka "$KAFKA_PATTERN"); then
    if kafka_local_ready; then
      log "kafka: already up ($LOCAL_KAFKA_BROKERS, pid $pid)"
    else
      log "kafka: broker (pid $pid) is still starting; waiting…"
      KAFKA_WAIT_PID=$pid
      KAFKA_WAIT_START=$(now_ms)
    fi
    return 0
  fi
  if kafka_local_ready; then
    log "kafka: already reachable on $LOCAL_KAFKA_BROKERS (not started by infra.sh; leaving it alone)"
    return 0
  fi
  tcp_open 127.0.0.1 "$KAFKA_PORT" \
    && die "kafka: 127.0.0.1:$KAFKA_PORT is in use by something that does not answer as Kafka (set KAFKA_PORT to use another port)"
  tcp_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT" \
    && die "kafka: controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT is already in use (set KAFKA_CONTROLLER_PORT to use another port)"

  KAFKA_WAIT_START=$(now_ms)
  ensure_java
  kafka_ensure_jars
  kafka_render_props
  kafka_format_storage
  kafka_spawn
  KAFKA_WAIT_PID=$(cat "$RUN_DIR/kafka.pid")
}

up_kafka_finish() {
  if [[ -n "$KAFKA_WAIT_PID" ]]; then
    kafka_wait "$KAFKA_WAIT_PID" "$KAFKA_WAIT_START"
  fi
  if [[ -f "$ROOT/scripts/create-topics.ts" ]]; then
    log "kafka: ensuring topics (scripts/create-topics.ts)…"
    local start
    start=$(now_ms)
    local ts_node=(npx ts-node)
    [[ -x "$ROOT/node_modules/.bin/ts-node" ]] && ts_node=("$ROOT/node_modules/.bin/ts-node")
    KAFKA_BROKERS="$KAFKA_EFFECTIVE_BROKERS" nolock "${ts_node[@]}" --transpile-only \
      -r tsconfig-paths/register scripts/create-topics.ts >&2 \
      || die "kafka: scripts/create-topics.ts failed (brokers $KAFKA_EFFECTIVE_BROKERS)"
    log "kafka: topics ensured ($(elapsed "$start"))"
  fi
}

status_kafka() {
  require_node
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    if kafka_ready "$KAFKA_BROKERS" 5000; then print_status kafka up "external (KAFKA_BROKERS=$KAFKA_BROKERS)"; return 0; fi
    print_status kafka down "external (KAFKA_BROKERS=$KAFKA_BROKERS) not reachable"; return 1
  fi
  local pid detail
  if pid=$(managed_pid kafka "$KAFKA_PATTERN"); then detail="pid $pid"; else detail="not started by infra.sh"; fi
  if kafka_local_ready; then print_status kafka up "$LOCAL_KAFKA_BROKERS ($detail)"; return 0; fi
  if [[ -n "${pid:-}" && "$detail" == "pid $pid" ]]; then
    print_status kafka down "$LOCAL_KAFKA_BROKERS not answering (pid $pid running: starting or stuck, see ${KAFKA_LOG#"$ROOT"/})"
  else
    print_status kafka down "$LOCAL_KAFKA_BROKERS"
  fi
  return 1
}

down_kafka() {
  [[ -n "${KAFKA_BROKERS:-}" ]] && log "kafka: KAFKA_BROKERS is set (external cluster); not touching it"
  stop_managed kafka "$KAFKA_PATTERN"
}

# ------------------------------------------------------------------ devnet

rpc_ready() { # rpc_ready <url>
  curl -sS --max-time 2 -H 'content-type: application/json' \
    --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" 2>/dev/null \
    | grep -q '"result"'
}

DEVNET_WAIT_PID=""
DEVNET_WAIT_START=""

up_devnet_begin() {
  if [[ -n "${DEVNET_RPC_URL:-}" ]]; then
    local i
    for ((i = 0; i < 5; i++)); do
      rpc_ready "$DEVNET_RPC_URL" && { log "devnet: external (DEVNET_RPC_URL=$DEVNET_RPC_URL) reachable"; return 0; }
      sleep 1
    done
    die "devnet: DEVNET_RPC_URL is set ($DEVNET_RPC_URL) but eth_chainId does not answer; not starting a local node"
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

up_devnet_finish() {
  [[ -n "$DEVNET_WAIT_PID" ]] || return 0
  local pid=$DEVNET_WAIT_PID deadline=$(( $(date +%s) + DEVNET_START_TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$RUN_DIR/devnet.pid"
      show_log_tail "$DEVNET_LOG"
      die "devnet: Hardhat node exited during startup; see ${DEVNET_LOG}"
    fi
    if rpc_ready "$LOCAL_DEVNET_URL"; then
      log "devnet: up ($LOCAL_DEVNET_URL, pid $pid, ready after $(elapsed "$DEVNET_WAIT_START"))"
      return 0
    fi
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$DEVNET_LOG"
      die "devnet: no eth_chainId answer on $LOCAL_DEVNET_URL within ${DEVNET_START_TIMEOUT}s; see ${DEVNET_LOG} (left running: 'scripts/infra.sh down devnet' to stop it)"
    fi
    sleep 0.5
  done
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

# ------------------------------------------------------------------ commands

print_status() { printf '%-9s %-5s %s\n' "$1" "$2" "$3"; }

has() { # has <component>: selected on the command line?
  local c
  for c in "${COMPONENTS[@]}"; do [[ "$c" == "$1" ]] && return 0; done
  return 1
}

take_lock() {
  exec 9>"$RUN_DIR/infra.lock"
  if ! flock -n 9; then
    log "another scripts/infra.sh is running; waiting for it…"
    flock -w 900 9 || die "timed out waiting for the lock $RUN_DIR/infra.lock"
  fi
}

cmd_up() {
  local start
  start=$(now_ms)
  has postgres && up_postgres
  has redis && up_redis
  # Kafka and the devnet start in parallel; then we wait for both.
  has kafka && up_kafka_begin
  has devnet && up_devnet_begin
  has kafka && up_kafka_finish
  has devnet && up_devnet_finish
  log "up: ${COMPONENTS[*]} ready ($(elapsed "$start"))"
}

cmd_down() {
  # Stop in reverse order of dependency.
  has devnet && down_devnet
  has kafka && down_kafka
  has redis && down_redis
  has postgres && down_postgres
  return 0
}

cmd_status() {
  local rc=0
  for c in "${COMPONENTS[@]}"; do
    "status_$c" || rc=1
  done
  return $rc
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    -h | --help | help) usage; exit 0 ;;
    up | down | status) ;;
    "") usage >&2; exit 2 ;;
    *) printf 'infra: unknown command "%s"\n\n' "$cmd" >&2; usage >&2; exit 2 ;;
  esac

  COMPONENTS=()
  local c a
  if [[ $# -eq 0 ]]; then
    COMPONENTS=("${ALL_COMPONENTS[@]}")
  else
    for a in "$@"; do
      local ok=0
      for c in "${ALL_COMPONENTS[@]}"; do [[ "$a" == "$c" ]] && ok=1; done
      [[ $ok -eq 1 ]] || die "unknown component '$a' (expected: ${ALL_COMPONENTS[*]})"
      COMPONENTS+=("$a")
    done
  fi

  mkdir -p "$RUN_DIR" "$LOG_DIR" "$KAFKA_DIR"
  case "$cmd" in
    up) take_lock; cmd_up ;;
    down) take_lock; cmd_down ;;
    status) cmd_status ;;
  esac
}

main "$@"
