# shellcheck shell=bash
# Kafka for scripts/infra.sh (sourced): a single-node KRaft broker on 127.0.0.1:$KAFKA_PORT
# from jars resolved once from Maven Central into .local/kafka/libs; then the topics.
# KAFKA_BROKERS: an external cluster, only checked (topics are still ensured).

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"

KAFKA_DIR="$LOCAL_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_POM="$ROOT/infra/kafka/pom.xml"
KAFKA_TEMPLATE="$ROOT/infra/kafka/server.properties.template"
KAFKA_LOG4J="$ROOT/infra/kafka/log4j.properties"
LOCAL_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
# Identifies our broker in /proc/<pid>/cmdline.
KAFKA_PATTERN="kafka.Kafka"

kafka_ready() { # kafka_ready <brokers> [timeout_ms]
  KAFKA_READY_TIMEOUT_MS="${2:-5000}" node "$ROOT/scripts/kafka-ready.cjs" "$1" >/dev/null 2>&1
}

kafka_local_ready() { # kafka_local_ready <timeout_ms>
  tcp_open 127.0.0.1 "$KAFKA_PORT" && kafka_ready "$LOCAL_KAFKA_BROKERS" "$1"
}

kafka_ensure_java() {
  command -v java >/dev/null 2>&1 || apt_install kafka openjdk-17-jre-headless
}

kafka_ensure_jars() {
  local want
  want=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  if [[ -f "$KAFKA_LIBS/.complete" && "$(cat "$KAFKA_LIBS/.complete")" == "$want" ]] \
     && compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || apt_install kafka maven
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
  local heap_opts
  read -ra heap_opts <<<"$KAFKA_HEAP_OPTS" # a space-separated list of JVM options
  rotate_log "$KAFKA_LOG"
  log "kafka: starting broker on $LOCAL_KAFKA_BROKERS (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT), log ${KAFKA_LOG#"$ROOT"/}"
  # Not via nolock(): a backgrounded function would run in a bash subshell and $! would be
  # that subshell, not the broker. As a simple command, $! is setsid -> nohup -> java.
  setsid nohup java "${heap_opts[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_LOG4J" -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$RUN_DIR/kafka.pid"
}

kafka_wait() { # kafka_wait <pid> <start_ms>
  local pid=$1 start=$2 rc=0
  wait_ready "$KAFKA_START_TIMEOUT" 1 "$pid" kafka_local_ready 3000 || rc=$?
  case $rc in
    0) log "kafka: up ($LOCAL_KAFKA_BROKERS, pid $pid, ready after $(elapsed "$start"))" ;;
    2)
      rm -f "$RUN_DIR/kafka.pid"
      show_log_tail "$KAFKA_LOG"
      die "kafka: broker process exited during startup; see ${KAFKA_LOG}"
      ;;
    *)
      show_log_tail "$KAFKA_LOG"
      die "kafka: broker (pid $pid) did not become ready within ${KAFKA_START_TIMEOUT}s; see ${KAFKA_LOG} (it is left running: 'scripts/infra.sh down kafka' to stop it)"
      ;;
  esac
}

KAFKA_WAIT_PID=""
KAFKA_WAIT_START=""
KAFKA_EFFECTIVE_BROKERS=""

# Starts the broker if needed without waiting for it (the devnet starts meanwhile).
up_kafka_begin() {
  require_node
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    KAFKA_EFFECTIVE_BROKERS="$KAFKA_BROKERS"
    wait_ready 5 1 "" kafka_ready "$KAFKA_BROKERS" 5000 \
      || die "kafka: KAFKA_BROKERS is set ($KAFKA_BROKERS) but the cluster is not reachable; not starting a local broker"
    log "kafka: external (KAFKA_BROKERS=$KAFKA_BROKERS) reachable"
    return 0
  fi
  KAFKA_EFFECTIVE_BROKERS="$LOCAL_KAFKA_BROKERS"

  local pid
  if pid=$(managed_pid kafka "$KAFKA_PATTERN"); then
    if kafka_local_ready 5000; then
      log "kafka: already up ($LOCAL_KAFKA_BROKERS, pid $pid)"
    else
      log "kafka: broker (pid $pid) is still starting; waiting…"
      KAFKA_WAIT_PID=$pid
      KAFKA_WAIT_START=$(now_ms)
    fi
    return 0
  fi
  if kafka_local_ready 5000; then
    log "kafka: already reachable on $LOCAL_KAFKA_BROKERS (not started by infra.sh; leaving it alone)"
    return 0
  fi
  tcp_open 127.0.0.1 "$KAFKA_PORT" \
    && die "kafka: 127.0.0.1:$KAFKA_PORT is in use by something that does not answer as Kafka (set KAFKA_PORT to use another port)"
  tcp_open 127.0.0.1 "$KAFKA_CONTROLLER_PORT" \
    && die "kafka: controller port 127.0.0.1:$KAFKA_CONTROLLER_PORT is already in use (set KAFKA_CONTROLLER_PORT to use another port)"

  KAFKA_WAIT_START=$(now_ms)
  kafka_ensure_java
  kafka_ensure_jars
  kafka_render_props
  kafka_format_storage
  kafka_spawn
  KAFKA_WAIT_PID=$(cat "$RUN_DIR/kafka.pid")
}

# Waits for a broker started by up_kafka_begin, then ensures the topics.
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
  if kafka_local_ready 5000; then print_status kafka up "$LOCAL_KAFKA_BROKERS ($detail)"; return 0; fi
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
