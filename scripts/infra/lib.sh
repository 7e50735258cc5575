# shellcheck shell=bash
# Shared helpers of scripts/infra.sh (sourced, not run): logging, the one readiness wait,
# process bookkeeping under .local/run, apt-get. Expects ROOT (the repository root).

LOCAL_DIR="$ROOT/.local"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/logs"

log() { printf 'infra: %s\n' "$*" >&2; }
warn() { printf 'infra: WARNING: %s\n' "$*" >&2; }
die() { printf 'infra: ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
elapsed() { # elapsed <start_ms> -> "12.3s"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100))
}

ensure_local_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR"; }

print_status() { printf '%-9s %-5s %s\n' "$1" "$2" "$3"; }

# Source .env (set -a) if present; values already in the environment win.
load_dotenv() {
  [[ -f "$ROOT/.env" ]] || return 0
  local -A saved=()
  local name
  while IFS= read -r name; do
    saved["$name"]="${!name-}"
  done < <(compgen -e)
  set -a
  # shellcheck source=/dev/null  # the user's own .env, not part of the repository
  . "$ROOT/.env" || die "could not source $ROOT/.env"
  set +a
  for name in "${!saved[@]}"; do
    export "$name=${saved[$name]}"
  done
}

# wait_ready <timeout_s> <interval_s> <pid|""> <probe> [args...]
# Runs the probe until it succeeds (returns 0), <timeout_s> seconds have passed (1), or,
# when a pid is given, that process has exited (2). The probe always runs at least once.
wait_ready() {
  local timeout_s=$1 interval_s=$2 pid=$3
  shift 3
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  while :; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    "$@" && return 0
    (( $(now_ms) >= deadline )) && return 1
    sleep "$interval_s"
  done
}

# Run a command with the lock fd closed, so long-lived children (Kafka, the devnet,
# postgres, redis-server) never inherit it (that would block later invocations forever).
nolock() { "$@" 9>&-; }

tcp_open() { # tcp_open <host> <port>
  # shellcheck disable=SC2016  # $1 and $2 are expanded by the inner bash, from its arguments
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

process_gone() { ! kill -0 -- "$1" 2>/dev/null; }

require_node() { command -v node >/dev/null 2>&1 || die "node is required (Node 20+)"; }

# apt_install <component> <package>...: installs machine packages, saying so first.
apt_install() {
  local component=$1
  shift
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "$component: need root (or sudo) to apt-get install $*"
    sudo=(sudo)
  fi
  log "$component: installing $* with apt-get…"
  if ! nolock env DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >&2; then
    log "$component: apt-get install failed; refreshing the package lists (apt-get update) and retrying…"
    nolock env DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >&2 || true
    nolock env DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >&2 \
      || die "$component: apt-get install $* failed"
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
  local name=$1 pattern=$2 pid target
  if ! pid=$(managed_pid "$name" "$pattern"); then
    log "$name: not running (nothing started by infra.sh)"
    return 0
  fi
  # We start children with setsid, so pid == process-group id: signal the whole group.
  if [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]]; then target="-$pid"; else target="$pid"; fi
  log "$name: stopping (pid $pid)…"
  kill -TERM -- "$target" 2>/dev/null || true
  if ! wait_ready 20 0.5 "" process_gone "$target"; then
    warn "$name did not exit within 20 s after SIGTERM; sending SIGKILL"
    kill -KILL -- "$target" 2>/dev/null || true
    wait_ready 5 0.25 "" process_gone "$target" || true
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
