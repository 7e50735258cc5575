#!/usr/bin/env bash
# npm run fuzz (#17): the fuzz specs of e2e/fuzz at full size, against the local infrastructure (started if needed).
# FUZZ_SEED replays a run (default: a new random seed, printed); FUZZ_SCALE multiplies every spec's short run size
# (default 25). `npx jest e2e/fuzz` alone is the short fixed-seed run the jest suite does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/infra.sh up >/dev/null
export FUZZ_SEED="${FUZZ_SEED:-$(( (RANDOM << 15) | RANDOM ))}"
export FUZZ_SCALE="${FUZZ_SCALE:-25}"
echo "fuzz: FUZZ_SEED=${FUZZ_SEED} FUZZ_SCALE=${FUZZ_SCALE}"
exec npx jest e2e/fuzz --ci --runInBand --testTimeout=3600000 "$@"
