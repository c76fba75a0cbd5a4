# Cruddur production image (docs/product.md §7, ADR 007). Build from the repository root:
#   docker build -t cruddur .          (the CDK app builds it as an asset: cdk/lib/service.ts)
# The base image is an ARG so CI can build from a local debootstrap base (.ci/container-test.sh).
# Node 24 LTS, the major in .nvmrc (ADR 029); .ci/container-test.sh checks `node --version` inside.
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- base: shared settings ---------------------------------------------------------------------
FROM ${BASE_IMAGE} AS base
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

# ---- deps: all dependencies, dev included (needed to build) ------------------------------------
# --ignore-scripts: no package needs its install script here (esbuild ships its binary as an
# optional dependency; the Prisma client is generated explicitly below; Prisma engine downloads
# are not needed with engine "js"; package.json's allowScripts lists what a developer's install runs).
FROM base AS deps
COPY package.json package-lock.json ./
COPY patches ./patches
# The project's own postinstall (patch-package, ADR 027) runs explicitly, since scripts are off.
RUN npm ci --include=dev --ignore-scripts \
 && npx patch-package --error-on-fail

# ---- build: prisma generate + remix build -> build/ and public/build/ --------------------------
FROM deps AS build
COPY . .
# prisma generate connects to nothing, but the schema's env("DATABASE_URL") must resolve: without it
# the Prisma 6.19 CLI falls back to downloading a native query engine (binaries.prisma.sh), which
# fails offline. The placeholder URL exists only in this RUN (npm run build generates too); it is
# not in the image's ENV.
RUN export DATABASE_URL="postgresql://build:build@127.0.0.1:5432/build" \
 && npx prisma generate \
 && npm run build

# ---- production-deps: the same tree without dev dependencies ------------------------------------
FROM base AS production-deps
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
RUN npm prune --omit=dev --ignore-scripts

# ---- final: slim runtime, non-root ------------------------------------------------------------
FROM base AS final
ARG APP_VERSION=dev
ENV NODE_ENV=production \
    PORT=3000 \
    APP_VERSION=${APP_VERSION}
RUN groupadd --system --gid 10001 cruddur \
 && useradd --system --uid 10001 --gid cruddur --create-home --home-dir /home/cruddur \
      --shell /usr/sbin/nologin cruddur
# Everything stays owned by root: the app user can read but not modify the code.
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
# `npm run db:migrate` (prisma migrate deploy, a production dependency) needs package.json,
# prisma.config.ts with the two app modules it imports (the URL and its TLS), and prisma/.
COPY package.json package-lock.json prisma.config.ts ./
COPY app/db/database-url.ts app/db/database-tls.ts ./app/db/
COPY prisma ./prisma
# Uploads wait in /tmp while they are re-encoded (docs/decisions/033-pictures.md). In ECS the root filesystem is
# read-only and /tmp is a task volume (cdk/lib/service.ts); declared here, so the mount keeps /tmp's mode (1777).
VOLUME ["/tmp"]
USER cruddur:cruddur
EXPOSE 3000
# No curl in the image: node's fetch. ECS uses the same command (cdk/lib/service.ts).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health-check').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `npm start` keeps the start command in one place (package.json). npm forwards SIGTERM/SIGINT to
# the server; on ECS the task also enables an init process (initProcessEnabled) as PID 1.
CMD ["npm", "start"]
