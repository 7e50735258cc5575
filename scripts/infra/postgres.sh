# shellcheck shell=bash
# Postgres for scripts/infra.sh (sourced): the machine's server on 127.0.0.1:5432, database
# "pum"; installed with apt-get and started when missing, never stopped. DATABASE_URL: only checked.

PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
PG_DB=pum
LOCAL_DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$PG_DB"

pg_local_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

pg_db_exists() {
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" 2>/dev/null | grep -q 1
}

pg_latest_version() { # the newest cluster version under /etc/postgresql, or nothing
  find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1
}

pg_trust_loopback() { # only used right after a fresh apt install
  local hba="/etc/postgresql/$1/main/pg_hba.conf"
  [[ -f "$hba" ]] || return 0
  grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" && return 0
  log "postgres: fresh install; allowing passwordless (trust) connections on loopback: adding 'host all all 127.0.0.1/32 trust' and '::1/128' to the top of $hba"
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
}

up_postgres() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    command -v pg_isready >/dev/null 2>&1 || apt_install postgres postgresql-client
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
    if [[ -z "$(pg_latest_version)" ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt_install postgres postgresql
      fresh=1
    fi
    ver=$(pg_latest_version)
    [[ -n "$ver" ]] || die "postgres: no cluster found under /etc/postgresql after install"
    [[ $fresh -eq 1 ]] && pg_trust_loopback "$ver"
    log "postgres: starting the machine's cluster $ver/main (pg_ctlcluster)…"
    nolock pg_ctlcluster --skip-systemctl-redirect "$ver" main start >&2 \
      || pg_local_ready || die "postgres: pg_ctlcluster $ver main start failed"
    wait_ready 30 0.5 "" pg_local_ready \
      || die "postgres: not accepting connections on $PG_HOST:$PG_PORT after start (see /var/log/postgresql/)"
    log "postgres: started"
  fi

  if ! pg_db_exists; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
      || die "postgres: cannot connect as $PG_USER to $PG_HOST:$PG_PORT without a password (trust auth expected)"
    log "postgres: creating database $PG_DB (createdb)"
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
