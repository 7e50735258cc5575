#!/bin/sh
# The image's entrypoint (/usr/local/bin/pum): runs one service or one-shot job from the compiled
# output (npm run build → dist/), with the service name as its first argument.
#
#   pum <service> [args...]   a directory under services/: node dist/services/<service>/src/main.js
#   pum create-topics         job: every catalogue topic and its .dlq (KAFKA_BROKERS, KAFKA_TOPIC_*)
#   pum accounts <command>    job: the gateway's account CLI (e.g. `pum accounts demo --key-file /tmp/key`)
#   pum <path/to/entry.ts>    its compiled twin dist/<path/to/entry>.js when there is one (so
#                             `pum scripts/create-topics.ts` works too); else, in the tools image only,
#                             the TypeScript itself through ts-node (e.g. tools/devnet/src/scenario.ts)
#   pum hardhat [args...]     tools image only: the Hardhat CLI (the devnet node)
#
# PUM_HOME: where dist/ and node_modules/ are (default /app); e2e/runtime-layout.int-spec.ts runs
# this same script on a layout it assembles in a temporary folder.
set -eu
cd "${PUM_HOME:-/app}"
target="${1:-}"
if [ "$#" -gt 0 ]; then shift; fi
services() { find dist/services -mindepth 1 -maxdepth 1 -type d -printf '%f ' 2>/dev/null || true; }
case "$target" in
  "" | -h | --help)
    echo "usage: pum <service>|create-topics|accounts|<entry.ts>|hardhat [args...]   (services: $(services))" >&2
    exit 64 ;;
  create-topics) entry=dist/scripts/create-topics.js ;;
  accounts) entry=dist/services/gateway/src/accounts-main.js ;;
  hardhat)
    [ -x node_modules/.bin/hardhat ] || { echo "pum: hardhat is in the tools image only" >&2; exit 64; }
    exec node_modules/.bin/hardhat "$@" ;;
  *.ts)
    entry="dist/${target%.ts}.js"
    if [ ! -f "$entry" ] && [ -f "$target" ] && [ -d node_modules/ts-node ]; then
      exec node -r ts-node/register -r tsconfig-paths/register "$target" "$@"
    fi ;;
  *) entry="dist/services/$target/src/main.js" ;;
esac
if [ ! -f "$entry" ]; then
  echo "pum: no $entry in this image (services: $(services))" >&2
  exit 64
fi
exec node "$entry" "$@"
