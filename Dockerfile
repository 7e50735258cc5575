# syntax=docker/dockerfile:1.7
#
# One image for every Protocol Upgrade Monitor service, compiled (npm run build → dist/), plus a tools image
# for the demo (the Hardhat devnet, the scenario, solc). Stages:
#
#   build     every dependency, the sources, `npm run build` (SWC → dist/) and the dashboard (vite)
#   tools     build + the devnet contracts compiled by solc-js: TypeScript through ts-node, hardhat
#   prod-deps `npm ci --omit=dev --omit=optional` from the lockfile: the production dependencies only
#   runtime   (the default target) dist/, the production dependencies, config/, the risk model and the
#             dashboard; no TypeScript, no ts-node, no npm; non-root; nothing written outside /tmp, so it
#             runs on a read-only root filesystem; HEALTHCHECK on /health/ready of $HTTP_PORT
#
#   docker build -t pum .                       # the runtime image
#   docker build --target tools -t pum-tools .  # the devnet, the scenario, every .ts entry point
#
# The entrypoint (scripts/pum.sh, /usr/local/bin/pum) takes the service name as its first argument:
#   docker run pum gateway                      # or ingest-chain, ingest-governance, ingest-market, risk-engine,
#                                               # forecast, alerts, analytics: node dist/services/<name>/src/main.js
#   docker run pum create-topics                # one-shot job: every catalogue topic + .dlq (KAFKA_BROKERS, KAFKA_TOPIC_*)
#   docker run pum accounts demo --key-file /tmp/key   # one-shot job: the gateway's account CLI
#   docker run pum-tools hardhat --config tools/devnet/hardhat.config.js node --hostname 0.0.0.0
#   docker run pum-tools tools/devnet/src/scenario.ts --rpc http://devnet:8545
# Database migrations need no job: each service runs its own (compiled TypeORM migration classes, in its own schema)
# before it serves (`migrationsRun`).
#
# Inside a container set HTTP_HOST=0.0.0.0 (the image does; the services default to 127.0.0.1) and HTTP_PORT
# (the HEALTHCHECK reads it; 3000 when unset). e2e/runtime-layout.int-spec.ts assembles the runtime stage's COPY
# lines in a temporary folder, without docker, and starts services from it.

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
# Only package.json files + the lockfile, so the `npm ci` layers below are reused until one of
# them changes (new workspaces under libs/, services/ or tools/ are picked up automatically).
FROM base AS manifests
COPY . /src
RUN mkdir -p /manifests \
 && cd /src \
 && cp package.json package-lock.json /manifests/ \
 && find libs services tools -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;

# ---------------------------------------------------------------- deps (everything, for the build)
FROM base AS deps
# `npm ci`: exactly the committed package-lock.json, failing if it is out of step with package.json.
# NPM_INSTALL exists only as an escape hatch while a lockfile is being repaired
# (--build-arg NPM_INSTALL="install --no-save" keeps the locked versions but tolerates gaps).
ARG NPM_INSTALL=ci
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ${NPM_INSTALL}

# ---------------------------------------------------------------- build
FROM deps AS build
COPY . .
RUN npm run -s build && bash apps/dashboard/build.sh

# ---------------------------------------------------------------- tools
# Compile the devnet contracts once with solc-js (offline, tens of seconds) so the demo scenario
# starts at once; the cache key is a hash of the sources, so a stale file is simply recompiled.
# Not for production: every dev dependency, TypeScript run by ts-node; .local/ (the artifacts and
# Hardhat's cache) is writable.
FROM build AS tools
RUN node -r ts-node/register -r tsconfig-paths/register tools/devnet/src/compile.ts \
 && chown -R 1000:1000 /app/.local
COPY --chmod=0755 scripts/pum.sh /usr/local/bin/pum
ENV HTTP_HOST=0.0.0.0
USER 1000:1000
ENTRYPOINT ["pum"]
CMD ["--help"]

# ---------------------------------------------------------------- prod-deps
# `--omit=optional` too: npm keeps an optional peer of a production package when the root also lists it as a dev
# dependency (typeorm's ts-node, abitype's typescript, ts-node's @swc/core: npm/cli#6282), and no optional
# package is needed at run time (pg-cloudflare is for Workers, @napi-rs/nice tunes piscina's thread priority).
# No install scripts: the allowScripts policy denies every one. dist/ requires the libraries relatively, so the
# workspaces' links (node_modules/@pum/*) go.
FROM base AS prod-deps
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --omit=optional --ignore-scripts \
 && rm -rf node_modules/@pum

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
# No package manager at run time: npm, npx, corepack and yarn leave the image.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
    /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
# NODE_OPTIONS: V8's young generation capped at 2 MB per semi-space (default 16 MB): an idle service keeps what its
# start-up grew it to, and this cap saves about 25 MB of RSS per service (bench/footprint: npm run -s bench:footprint).
# Raise it (or unset it) for a service that allocates fast under load, e.g. NODE_OPTIONS=--max-semi-space-size=16.
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    TMPDIR=/tmp \
    NODE_OPTIONS=--max-semi-space-size=2
WORKDIR /app
# Everything stays owned by root, read-only for the service user. What the services read at run time, relative to
# the working directory: dist/ (code), node_modules/, config/ (networks, protocols), the risk model, the dashboard.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/apps/dashboard/dist ./apps/dashboard/dist
COPY config ./config
COPY libs/risk-model/model ./libs/risk-model/model
COPY package.json ./package.json
COPY --chmod=0755 scripts/pum.sh /usr/local/bin/pum
# The base image's `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000 3001 3002 3003 3004 3005 3006 3007
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 CMD ["node", "/app/dist/scripts/healthcheck.js"]
ENTRYPOINT ["pum"]
CMD ["gateway"]
