#!/usr/bin/env bash
# The whole test suite: dependencies, local infrastructure (Kafka, Postgres, Redis, devnet),
# type check, lint (module boundaries), then every jest suite. Ends with "N passed, N failed".
# Infrastructure started here is left running for the next run; `npm stop` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(date +%s)
scripts/ensure-deps.sh
scripts/infra.sh up
echo "test: compiling devnet contracts (cached)…" >&2
npx ts-node --transpile-only tools/devnet/src/compile.ts >/dev/null
status=0
echo "test: type check…" >&2
npx tsc -p tsconfig.json --noEmit || status=$?
echo "test: lint (incl. module boundaries)…" >&2
npx eslint --max-warnings 0 . || status=$?
echo "test: jest…" >&2
npx jest --ci "$@" || status=$?
echo "test: finished in $(( $(date +%s) - started ))s with exit status $status" >&2
exit $status
