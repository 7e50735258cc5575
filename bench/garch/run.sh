#!/usr/bin/env bash
# GARCH(1,1) fit-time benchmark: our fitGarch vs R fGarch::garchFit on the same data,
# same run. Datasets: the 1,974 DEM/GBP returns (FCP benchmark fixture) and a
# 10,000-point GARCH(1,1) series simulated with a fixed seed into .local/bench/.
# Prints a table (stdout) and PASS/FAIL per dataset against "faster than fGarch";
# exits 1 if any dataset fails. See bench/README.md.
#
# Environment: BENCH_REPS (timed fits per side and dataset, default 15),
#              BENCH_WARMUP (untimed fits first, default 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

REPS=${BENCH_REPS:-15}
WARMUP=${BENCH_WARMUP:-3}
OUT=.local/bench
SIM="$OUT/garch-sim-10000.csv"
DEM=libs/timeseries/test/fixtures/dem2gbp.csv
log() { echo "bench:garch: $*" >&2; }

# --- R + fGarch -------------------------------------------------------------
if ! Rscript -e 'suppressPackageStartupMessages(library(fGarch))' >/dev/null 2>&1; then
  log "R package fGarch missing: installing r-base-core r-cran-fgarch with apt-get…"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else log "not root and no sudo: install r-base-core r-cran-fgarch yourself"; exit 1; fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y --no-install-recommends r-base-core r-cran-fgarch >&2 \
    || { $SUDO apt-get update >&2 && $SUDO apt-get install -y --no-install-recommends r-base-core r-cran-fgarch >&2; }
  Rscript -e 'suppressPackageStartupMessages(library(fGarch))' >/dev/null
fi

TS_NODE=(npx --no-install ts-node --transpile-only -r tsconfig-paths/register)
mkdir -p "$OUT"

# --- data -------------------------------------------------------------------
log "simulating the 10,000-point GARCH(1,1) series (seed 20240601) → $SIM"
"${TS_NODE[@]}" bench/garch/simulate.ts "$SIM" 10000 20240601

# --- fits -------------------------------------------------------------------
run_dataset() {
  local label=$1 file=$2
  log "$label: ours ($REPS timed fits after $WARMUP warm-up)…"
  "${TS_NODE[@]}" bench/garch/fit-ts.ts "$file" "$REPS" "$WARMUP" > "$OUT/$label.ours.json"
  log "$label: fGarch ($REPS timed fits after $WARMUP warm-up)…"
  Rscript bench/garch/fit-r.R "$file" "$REPS" "$WARMUP" > "$OUT/$label.fgarch.json"
}
run_dataset dem2gbp "$DEM"
run_dataset sim-garch-10k "$SIM"

# --- report -----------------------------------------------------------------
"${TS_NODE[@]}" bench/garch/report.ts "$OUT" dem2gbp sim-garch-10k | tee "$OUT/garch-report.txt"
