#!/usr/bin/env bash
# Local infrastructure for Protocol Upgrade Monitor (dev + tests). Idempotent.
# Each component lives in scripts/infra/<component>.sh, shared helpers in scripts/infra/lib.sh.
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

# shellcheck source=infra/lib.sh
. "$SCRIPT_DIR/infra/lib.sh"
# The components read their settings (ports, timeouts) when sourced, so .env comes first.
load_dotenv
# shellcheck source=infra/postgres.sh
. "$SCRIPT_DIR/infra/postgres.sh"
# shellcheck source=infra/redis.sh
. "$SCRIPT_DIR/infra/redis.sh"
# shellcheck source=infra/kafka.sh
. "$SCRIPT_DIR/infra/kafka.sh"
# shellcheck source=infra/devnet.sh
. "$SCRIPT_DIR/infra/devnet.sh"

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

  ensure_local_dirs
  case "$cmd" in
    up) take_lock; cmd_up ;;
    down) take_lock; cmd_down ;;
    status) cmd_status ;;
  esac
}

main "$@"
