#!/usr/bin/env bash
# The whole test suite: dependencies, local infrastructure (Kafka, Postgres, Redis, devnet),
# type check, the services' build (dist/), the dashboard's build, lint (module boundaries), then every jest suite. The last line is
# "N passed, N failed" (jest tests, plus the type check, the build, the dashboard build and the lint as one check each).
# Infrastructure started here is left running for the next run; `npm stop` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
scripts/ensure-deps.sh
scripts/ensure-chromium.sh
# Helm's lint and template for the chart checks (helm-java from Maven Central, cached in .local/helm).
scripts/ensure-helm.sh
# promtool for the alert rules and /metrics checks (Debian's prometheus package, its daemon never started).
scripts/ensure-promtool.sh
scripts/infra.sh up
echo "test: compiling devnet contracts (cached)…" >&2
npx ts-node --transpile-only tools/devnet/src/compile.ts >/dev/null

passed=0
failed=0
check() {
  local name=$1
  shift
  echo "test: $name…" >&2
  if "$@"; then passed=$((passed + 1)); echo "test: $name passed" >&2; else failed=$((failed + 1)); echo "test: $name FAILED" >&2; fi
}
check "type check" npx tsc -p tsconfig.json --noEmit
# SWC into dist/ (cached); e2e/runtime-layout.int-spec.ts starts services from that output.
check "build" npm run -s build
# Type-checks and builds apps/dashboard (cached: nothing to do when its sources did not change); the browser
# tests (e2e/dashboard.e2e-spec.ts) drive that build.
check "dashboard build" bash apps/dashboard/build.sh
# The boundary rule reads Nx's project graph (`npm run lint` builds it first; without one it skips).
check "lint (incl. module boundaries)" npm run --silent lint

summary=$(mktemp --suffix=.json)
echo "test: jest…" >&2
jest_status=0
PUM_TEST_SUMMARY=$summary npx jest --ci "$@" || jest_status=$?
totals=$(node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(s.passed, s.failed)' "$summary" 2>/dev/null || true)
if [[ "$totals" =~ ^([0-9]+)\ ([0-9]+)$ ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
else
  echo "test: jest reported no totals (status $jest_status)" >&2
  failed=$((failed + 1))
fi
rm -f "$summary"
[ "$jest_status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "test: finished in $(( $(date +%s) - started ))s" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
