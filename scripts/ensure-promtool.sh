#!/usr/bin/env bash
# Installs Debian's prometheus package when promtool is missing: its promtool checks the alert rules and every
# service's /metrics (e2e/observability.int-spec.ts). Only the tool is wanted, so the package's daemon is kept from
# starting: a policy-rc.d answering 101 ("action forbidden") while apt-get runs, and no systemd unit enabled.
# Only as root: otherwise it says how, and the checks fail naming the missing binary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/infra/lib.sh
. "$ROOT/scripts/infra/lib.sh"
command -v promtool >/dev/null 2>&1 && exit 0
if [[ $(id -u) -ne 0 ]]; then
  warn "promtool: missing; install it (apt-get install -y prometheus, then stop and disable the prometheus service) for the metrics and alert-rule checks"
  exit 0
fi
policy=/usr/sbin/policy-rc.d
if [[ -e "$policy" ]]; then
  log "promtool: $policy exists; leaving it as it is"
  apt_install promtool prometheus
else
  printf '#!/bin/sh\n# Written by scripts/ensure-promtool.sh while it installs prometheus (for promtool only).\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
  apt_install promtool prometheus
fi
if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
command -v promtool >/dev/null 2>&1 || die "promtool: the prometheus package is installed but promtool is not on PATH"
log "promtool: $(promtool --version 2>&1 | head -n 1)"
