# syntax=docker/dockerfile:1.7
#
# One image for every Protocol Upgrade Monitor service, plus the tools the compose stack runs
# (topic creation, the Hardhat devnet, the demo scenario). TypeScript runs through ts-node + swc
# exactly as in development (`node -r ts-node/register -r tsconfig-paths/register <entry>.ts`),
# so the image carries the dev dependencies (ts-node, @swc/core, hardhat, solc).
#
#   docker build -t pum .                                   # runs the gateway by default
#   docker build --build-arg SERVICE=risk-engine -t pum-risk-engine .
#   docker run pum ingest-chain                             # or pick the service by the command
#   docker run pum scripts/create-topics.ts                 # any .ts entry point of the repo
#   docker run pum hardhat --config tools/devnet/hardhat.config.js node --hostname 0.0.0.0
#
# Inside a container set HTTP_HOST=0.0.0.0 (the services default to 127.0.0.1).
# No HEALTHCHECK here: the port differs per service and the same image also runs one-shot jobs;
# docker-compose.yml and the Helm chart probe GET /health/live and /health/ready instead.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- base
FROM ${NODE_IMAGE} AS base
# The root package.json carries an `allowScripts` policy (install scripts of @swc/core, nx and
# keccak are denied). The npm bundled with Node 20 ignores that field and would run them; use the
# npm the lockfile is maintained with, so `npm ci` here behaves as it does on a developer machine.
ARG NPM_VERSION=11.19.1
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
RUN npm install -g "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# ---------------------------------------------------------------- manifests
# Only package.json files + the lockfile, so the `npm ci` layer below is reused until one of
# them changes (new workspaces under libs/, services/ or tools/ are picked up automatically).
FROM base AS manifests
COPY . /src
RUN mkdir -p /manifests \
 && cd /src \
 && cp package.json package-lock.json /manifests/ \
 && find libs services tools -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;

# ---------------------------------------------------------------- deps
FROM base AS deps
# `npm ci`: exactly the committed package-lock.json, failing if it is out of step with package.json.
# NPM_INSTALL exists only as an escape hatch while a lockfile is being repaired
# (--build-arg NPM_INSTALL="install --no-save" keeps the locked versions but tolerates gaps).
ARG NPM_INSTALL=ci
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ${NPM_INSTALL}

# ---------------------------------------------------------------- devnet artifacts
# Compile the devnet contracts once with solc-js (offline, tens of seconds) so the demo scenario
# starts at once; the cache key is a hash of the sources, so a stale file is simply recompiled.
FROM deps AS devnet-artifacts
COPY tsconfig.base.json tsconfig.json ./
COPY tools/devnet ./tools/devnet
RUN node -r ts-node/register -r tsconfig-paths/register tools/devnet/src/compile.ts

# ---------------------------------------------------------------- runtime
FROM base AS runtime
ARG SERVICE=gateway
ENV NODE_ENV=production \
    PUM_SERVICE=${SERVICE} \
    HTTP_HOST=0.0.0.0

COPY <<'LAUNCHER' /usr/local/bin/pum
#!/bin/sh
# pum [<service> | <path/to/entry.ts> | hardhat] [args...]
#   <service>  a directory under services/ (default: $PUM_SERVICE, the SERVICE build arg)
#   <entry.ts> any TypeScript entry point of the repository, e.g. scripts/create-topics.ts
#   hardhat    the Hardhat CLI (the devnet node)
set -eu
cd /app
target="${1:-${PUM_SERVICE:-}}"
if [ "$#" -gt 0 ]; then shift; fi
case "$target" in
  "") echo "usage: pum <service>|<entry.ts>|hardhat [args...]" >&2; exit 64 ;;
  hardhat) exec node_modules/.bin/hardhat "$@" ;;
  *.ts) entry="$target" ;;
  *) entry="services/$target/src/main.ts" ;;
esac
if [ ! -f "$entry" ]; then
  echo "pum: no entry point $entry (services: $(ls services | tr '\n' ' '))" >&2
  exit 64
fi
exec node -r ts-node/register -r tsconfig-paths/register "$entry" "$@"
LAUNCHER
RUN chmod 0755 /usr/local/bin/pum

# Code and dependencies stay owned by root (read-only for the service user); only .local/, where
# the devnet keeps its artifacts and Hardhat cache, is writable.
COPY --from=deps /app/ ./
COPY . .
COPY --from=devnet-artifacts --chown=node:node /app/.local ./.local
RUN chown node:node /app/.local

# The base image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000 3001 3002 3003 3004 3005 8545
ENTRYPOINT ["pum"]
CMD []
