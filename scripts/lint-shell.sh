#!/usr/bin/env bash
# Lints every tracked shell script (scripts/, bench/, deploy/, …) with shellcheck, following the
# files they source (.shellcheckrc). Part of `npm run lint`. Installs shellcheck (Debian package)
# with apt-get when it is missing, and says so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf 'lint-shell: %s\n' "$*" >&2; }

if ! command -v shellcheck >/dev/null 2>&1; then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { log "shellcheck is missing; need root (or sudo) to apt-get install it"; exit 1; }
    sudo=(sudo)
  fi
  log "shellcheck is missing: installing shellcheck with apt-get…"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -q shellcheck >&2 \
    || { "${sudo[@]}" apt-get update -q >&2 && "${sudo[@]}" apt-get install -y -q shellcheck >&2; }
fi

mapfile -d '' scripts < <(git ls-files -z -- '*.sh')
[[ ${#scripts[@]} -gt 0 ]] || { log "no tracked *.sh found"; exit 1; }
shellcheck "${scripts[@]}"
