// `npm run dev`: everything a newcomer needs on a fresh machine. With DATABASE_URL unset it starts
// an embedded PostgreSQL (PGlite, data in .data/pglite); with COGNITO_USER_POOL_ID unset, a local
// Cognito (cognito-local, data in .data/cognito) whose Post Confirmation trigger is the real Lambda
// handler. Then it applies migrations and the seed and runs `remix dev` with the Express host
// (docs/decisions/003-embedded-database.md, 006-auth.md).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createConnection } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCognito, type LocalCognito } from "./local-cognito";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const children: ChildProcess[] = [];
let cognito: LocalCognito | undefined;
const say = (message: string) => console.log(`\x1b[35m[cruddur]\x1b[0m ${message}`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    say(`${command} ${args.join(" ")} failed (exit ${result.status})`);
    stopAll(1);
  }
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ host: "127.0.0.1", port }, () => {
        socket.end();
        resolve();
      });
      socket.on("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing answered on port ${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

/** Starts PGlite behind a Postgres wire-protocol socket; returns its DATABASE_URL. */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const server = spawn(
    process.execPath,
    [
      path.join(root, "node_modules/@electric-sql/pglite-socket/dist/scripts/server.js"),
      `--db=${dataDir}`,
      `--port=${port}`,
      "--max-connections=20",
    ],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
  );
  children.push(server);
  server.on("exit", (code) => {
    if (code !== null && code !== 0) say(`the embedded PostgreSQL stopped (exit ${code})`);
  });
  await waitForPort(port, 60_000);
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

function stopAll(code: number): never {
  for (const child of children) child.kill("SIGTERM");
  void cognito?.stop();
  process.exit(code);
}


async function main() {
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
  env.OTEL_METRICS_EXPORTER ??= "none";
  env.OTEL_LOGS_EXPORTER ??= "none";

  run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "generate"], env);

  if (!env.DATABASE_URL) {
    const port = Number(env.EMBEDDED_DB_PORT ?? 54329);
    const dataDir = path.join(root, ".data/pglite");
    say(`DATABASE_URL is not set: starting the embedded PostgreSQL (PGlite) on port ${port}, data in .data/pglite`);
    env.DATABASE_URL = await startEmbeddedPostgres(dataDir, port);
    // PGlite serialises transactions; a small pool is plenty.
    env.DATABASE_POOL_MAX ??= "5";
  } else {
    say(`Using DATABASE_URL from the environment (${new URL(env.DATABASE_URL).host})`);
  }

  say("Applying migrations (prisma migrate deploy)…");
  run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], env);
  say("Seeding (idempotent)…");
  run(process.execPath, ["--import", "tsx", path.join(root, "prisma/seed.ts")], env);

  if (!env.COGNITO_USER_POOL_ID) {
    const port = Number(env.COGNITO_LOCAL_PORT ?? 9229);
    say(`COGNITO_USER_POOL_ID is not set: starting a local Cognito (cognito-local) on port ${port}, data in .data/cognito`);
    cognito = await startLocalCognito({
      port,
      dataDir: path.join(root, ".data/cognito"),
      databaseUrl: env.DATABASE_URL,
      log: (line) => say(line),
    });
    Object.assign(env, { COGNITO_USER_POOL_ID: cognito.userPoolId, COGNITO_CLIENT_ID: cognito.clientId, COGNITO_ENDPOINT: cognito.endpoint });
    say(`Local Cognito pool ${cognito.userPoolId}: confirmation codes are printed here as [cognito] lines.`);
  }

  env.PORT ??= "3000";
  say(`Starting remix dev: http://localhost:${env.PORT}`);
  const remix = spawn(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "dev", "-c", "node --import tsx --import ./server/instrumentation.ts server/index.ts"],
    { cwd: root, env, stdio: "inherit" },
  );
  children.push(remix);
  remix.on("exit", (code) => stopAll(code ?? 0));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
