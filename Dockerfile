# One image for both Yardstick processes: the engine (the default command: HTTP API, webhooks and
# the built studio) and the worker (docker-compose.yml overrides the command with
# `node workflows/src/main.ts`). TypeScript runs natively on Node 24 (type stripping), so only the
# studio has a build step; engine/, workflows/ and rules/ ship as source.
#
#   docker build -t yardstick .
#   docker run -p 8080:8080 -e YARDSTICK_DEMO=true yardstick   # a look around: SQLite in /app/.data,
#                                                            # no Temporal, so /api/health says 503
#
# The node version matches the one the project is developed and tested on.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- build: every workspace's dependencies, dev ones included, and the studio's static build ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The manifests first, so `npm ci` is cached until a package.json or the lockfile changes.
# --ignore-scripts: the only install scripts in the tree are better-sqlite3's implicit
# `node-gyp rebuild` (it ships prebuilt binaries, but node-gyp still wants Python, which slim images
# lack), @swc/core's optional binary check and a telemetry ping; nothing needs them.
COPY package.json package-lock.json ./
COPY rules/package.json rules/
COPY engine/package.json engine/
COPY workflows/package.json workflows/
COPY studio/package.json studio/
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build -w @yardstick/studio

# ---- prod-deps: runtime dependencies only (no Vite/Svelte, Vitest, TypeScript or Biome) ----
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY rules/package.json rules/
COPY engine/package.json engine/
COPY workflows/package.json workflows/
COPY studio/package.json studio/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# Native binaries ship for every platform; this image is Linux only (about 80 MB less).
RUN rm -rf node_modules/@temporalio/core-bridge/releases/*-apple-darwin \
  node_modules/@temporalio/core-bridge/releases/*-windows-msvc \
  node_modules/better-sqlite3/prebuilds/darwin-* node_modules/better-sqlite3/prebuilds/win32-*

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# Manifests and node_modules (workspace links included) from prod-deps, the sources as they are,
# and the studio's build output. Everything stays owned by root: the app cannot rewrite itself.
COPY --from=prod-deps /app ./
COPY rules/src rules/src
COPY engine/src engine/src
COPY workflows/src workflows/src
COPY --from=build /app/studio/build studio/build
# The default DATABASE_URL is a SQLite file under /app/.data: the one directory the app may write.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node

EXPOSE 8080
# /api/health answers 200 only when the database and Temporal both answer. Slim images have no
# curl, so node's own fetch asks. The worker serves no HTTP: compose disables this check for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "engine/src/main.ts"]
