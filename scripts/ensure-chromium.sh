#!/usr/bin/env bash
# Installs Debian's chromium when /usr/bin/chromium is missing, for the dashboard's browser tests
# (e2e/dashboard.e2e-spec.ts drives it with playwright-core; `npx playwright install` does not work here).
# Only as root: otherwise it says how, and the browser tests fail naming the missing binary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/infra/lib.sh
. "$ROOT/scripts/infra/lib.sh"
[[ -x /usr/bin/chromium ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  warn "chromium: /usr/bin/chromium is missing; install it (apt-get install -y chromium) for the dashboard's browser tests"
  exit 0
fi
apt_install chromium chromium
