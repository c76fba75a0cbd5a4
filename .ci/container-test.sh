#!/usr/bin/env bash
# End-to-end test of the production Dockerfile without a Docker engine (docs/product.md §7, ADR 007).
#
#   1. installs podman, buildah and debootstrap from Debian if they are missing;
#   2. makes (once, cached in .cache/container/) a local base image: debootstrap minbase bookworm
#      plus this machine's node and npm, laid out like the official node image (/usr/local);
#   3. builds ./Dockerfile with podman (chroot isolation, vfs storage) on that base;
#   4. creates a scratch database on the local PostgreSQL (127.0.0.1:5432, user postgres, trust);
#   5. in a buildah container of the image: `npm run db:migrate`, then the image's CMD;
#   6. checks the image's Node is the project's major (.nvmrc), GET /api/health-check -> {"success":true...} and GET / -> 200 text/html;
#   7. removes the container, the image and the database (the cached base stays).
#
# Usage: bash .ci/container-test.sh              full test
#        bash .ci/container-test.sh --base-only  only install tools and prepare the base image
# Env:   CONTAINER_TEST_PORT (default 3077), PGHOST/PGPORT/PGUSER (default 127.0.0.1/5432/postgres),
#        DEBIAN_MIRROR (default http://deb.debian.org/debian), KEEP_IMAGE=1 keeps the built image,
#        CONTAINER_TEST_CONTEXT (default: the repository root) builds another context with ./Dockerfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/container"
CONTEXT="${CONTAINER_TEST_CONTEXT:-$ROOT}"
PORT="${CONTAINER_TEST_PORT:-3077}"
PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# The base gets the project's Node (.nvmrc), from the npm registry if the machine has another major.
NODE_MAJOR="$(tr -d ' v\n' <"$ROOT/.nvmrc")"
PATH="$(bash "$ROOT/.ci/node-path"):$PATH"
NODE_BIN="$(readlink -f "$(command -v node)")"
NODE_VERSION="$(node -p 'process.versions.node')"
NPM_DIR="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"   # .../node_modules/npm
# The host's CA bundle goes into the test base so npm inside the build trusts the same registry
# path as the host (e.g. a TLS-inspecting egress proxy). Its hash is part of the base's name.
CA_BUNDLE="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
CA_HASH="none"; [[ -s "$CA_BUNDLE" ]] && CA_HASH="$(sha256sum "$CA_BUNDLE" | cut -c1-8)"
BASE_TAG="localhost/cruddur-base:bookworm-node${NODE_VERSION}-ca${CA_HASH}"
RUN_ID="$$"
IMAGE="localhost/cruddur-app:container-test-${RUN_ID}"
DB="cruddur_container_test_${RUN_ID}"
PODMAN=(podman --storage-driver=vfs)
BUILDAH=(buildah --storage-driver=vfs)

log() { printf '[container-test] %s\n' "$*" >&2; }
elapsed() { echo $(( $(date +%s) - $1 )); }

# --- 1. tools -------------------------------------------------------------------------------------
missing=()
for tool in podman buildah debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  log "installing ${missing[*]} from apt"
  SUDO=(); [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq podman buildah debootstrap >/dev/null
fi

# --- 2. base image (cached) ----------------------------------------------------------------------
mkdir -p "$CACHE"
[[ -f "$CACHE/.gitignore" ]] || printf '*\n' > "$CACHE/.gitignore"   # never committed
BASE_TAR="$CACHE/base-bookworm-node${NODE_VERSION}-ca${CA_HASH}.tar"
if ! "${PODMAN[@]}" image exists "$BASE_TAG"; then
  if [[ ! -s "$BASE_TAR" ]]; then
    t0=$(date +%s)
    rootfs="$CACHE/rootfs.tmp"
    rm -rf "$rootfs"
    log "debootstrap minbase bookworm from $MIRROR (one time, ~1 min)"
    debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    # node + npm where the official node image has them
    install -m 0755 "$NODE_BIN" "$rootfs/usr/local/bin/node"
    mkdir -p "$rootfs/usr/local/lib/node_modules"
    cp -a "$NPM_DIR" "$rootfs/usr/local/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
    if [[ "$CA_HASH" != none ]]; then
      mkdir -p "$rootfs/etc/ssl/certs"
      cp "$CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
    fi
    rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
    tar -C "$rootfs" -cf "$BASE_TAR.tmp" . && mv "$BASE_TAR.tmp" "$BASE_TAR"
    rm -rf "$rootfs"
    log "base rootfs ready in $(elapsed "$t0") s"
  fi
  changes=(--change 'CMD ["node"]')
  [[ "$CA_HASH" != none ]] && changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  "${PODMAN[@]}" import --quiet "${changes[@]}" "$BASE_TAR" "$BASE_TAG" >/dev/null
  log "imported $BASE_TAG"
fi
[[ "${1:-}" == "--base-only" ]] && { log "base image $BASE_TAG ready"; exit 0; }

# --- cleanup of everything below ---------------------------------------------------------------
CTR=""; SERVER_PID=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM -- "-$SERVER_PID" 2>/dev/null; sleep 1; kill -KILL -- "-$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  [[ -n "$CTR" ]] && "${BUILDAH[@]}" rm "$CTR" >/dev/null 2>&1
  if [[ "${KEEP_IMAGE:-0}" != 1 ]]; then "${PODMAN[@]}" rmi -f "$IMAGE" >/dev/null 2>&1; fi
  psql -qAt -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1
  exit "$rc"
}
trap cleanup EXIT INT TERM

# --- 3. build ----------------------------------------------------------------------------------
t0=$(date +%s)
log "building $IMAGE (podman, chroot isolation, vfs)"
# --format docker keeps HEALTHCHECK in the image config (OCI has no such field).
"${PODMAN[@]}" build --isolation=chroot --layers=false --pull=never --format docker \
  --build-arg "BASE_IMAGE=$BASE_TAG" --build-arg "APP_VERSION=container-test" \
  -f "$ROOT/Dockerfile" -t "$IMAGE" "$CONTEXT" >"$CACHE/build.log" 2>&1 \
  || { tail -40 "$CACHE/build.log" >&2; log "build failed (full log: $CACHE/build.log)"; exit 1; }
BUILD_S=$(elapsed "$t0")
log "image built in ${BUILD_S} s: $("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
user="$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")"
[[ -n "$user" && "$user" != root && "$user" != 0* ]] || { log "image must run as a non-root user (User='$user')"; exit 1; }
mapfile -t HEALTHCHECK < <("${PODMAN[@]}" image inspect --format '{{range .Config.Healthcheck.Test}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
[[ "${HEALTHCHECK[0]:-}" == CMD && "${HEALTHCHECK[*]}" == *"/api/health-check"* ]] \
  || { log "image has no HEALTHCHECK against /api/health-check: ${HEALTHCHECK[*]:-none}"; exit 1; }

# The Dockerfile's own base (what AWS builds from) names the same major as the base tested here.
grep -Eq "^ARG BASE_IMAGE=node:${NODE_MAJOR}-" "$ROOT/Dockerfile" \
  || { log "Dockerfile's BASE_IMAGE is not node:${NODE_MAJOR}-… (.nvmrc)"; exit 1; }

# --- 4. scratch database -----------------------------------------------------------------------
psql -qAt -d postgres -c "CREATE DATABASE \"$DB\"" >/dev/null

# --- 5. migrate + start ------------------------------------------------------------------------
CTR="$("${BUILDAH[@]}" from --pull-never "$IMAGE")"
# The same variables the ECS task gets (cdk/lib): DB_* plain, DB_USER/DB_PASSWORD as secrets.
ENV_ARGS=(--env "PORT=$PORT" --env NODE_ENV=production --env "DB_HOST=$PGHOST" --env "DB_PORT=$PGPORT"
  --env "DB_NAME=$DB" --env "DB_USER=$PGUSER" --env DB_PASSWORD=unused-trust-auth
  --env AWS_REGION=eu-west-1 --env COGNITO_USER_POOL_ID=eu-west-1_containerTest
  --env COGNITO_CLIENT_ID=containertestclient --env OTEL_SDK_DISABLED=true --env APP_VERSION=container-test)
image_node="$("${BUILDAH[@]}" run --isolation chroot "$CTR" -- node --version)"
[[ "$image_node" == "v${NODE_MAJOR}."* ]] || { log "node in the image is $image_node, not ${NODE_MAJOR} (.nvmrc)"; exit 1; }
log "node in the image: $image_node"
t0=$(date +%s)
log "npm run db:migrate"
"${BUILDAH[@]}" run --isolation chroot "${ENV_ARGS[@]}" "$CTR" -- npm run db:migrate >"$CACHE/migrate.log" 2>&1 \
  || { tail -30 "$CACHE/migrate.log" >&2; log "migration failed"; exit 1; }
log "migrated in $(elapsed "$t0") s"
mapfile -t CMD < <("${PODMAN[@]}" image inspect --format '{{range .Config.Cmd}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
log "starting CMD: ${CMD[*]}"
t0=$(date +%s)
setsid "${BUILDAH[@]}" run --isolation chroot "${ENV_ARGS[@]}" "$CTR" -- "${CMD[@]}" >"$CACHE/server.log" 2>&1 &
SERVER_PID=$!

# --- 6. checks ---------------------------------------------------------------------------------
up=""
for _ in $(seq 1 120); do
  if body="$(curl -fsS --max-time 3 "http://127.0.0.1:$PORT/api/health-check" 2>/dev/null)"; then up=1; break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.5
done
[[ -n "$up" ]] || { tail -30 "$CACHE/server.log" >&2; log "server did not become healthy"; exit 1; }
log "healthy after $(elapsed "$t0") s: $body"
node -e 'const b=JSON.parse(process.argv[1]); if (b.success!==true) process.exit(1)' "$body" \
  || { log "health-check body is not {\"success\":true}: $body"; exit 1; }
code_type="$(curl -sS --max-time 10 -o "$CACHE/home.html" -w '%{http_code} %{content_type}' "http://127.0.0.1:$PORT/")"
[[ "$code_type" == "200 text/html"* ]] || { log "GET / gave '$code_type'"; exit 1; }
grep -qi '<html' "$CACHE/home.html" || { log "GET / is not an HTML page"; exit 1; }
log "GET / -> $code_type"
# the image's own HEALTHCHECK command, run inside the container against the running server
"${BUILDAH[@]}" run --isolation chroot "${ENV_ARGS[@]}" "$CTR" -- "${HEALTHCHECK[@]:1}" \
  || { log "the image's HEALTHCHECK command failed"; exit 1; }
log "HEALTHCHECK command ok"
log "build ${BUILD_S} s"
echo "container: 4 passed, 0 failed"
