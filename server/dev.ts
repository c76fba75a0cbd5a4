// `npm run dev`: everything a newcomer needs on a fresh machine. With DATABASE_URL unset it starts
// an embedded PostgreSQL (a real PostgreSQL 16 from the npm registry, data in .data/postgres); with
// COGNITO_USER_POOL_ID unset, a local Cognito (cognito-local, data in .data/cognito) whose Post
// Confirmation trigger is the real Lambda handler. Then it applies migrations and the seed and runs `remix dev` with the Express host
// (docs/decisions/003-embedded-database.md, 006-auth.md).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded-postgres";
import { startLocalCognito, type LocalCognito } from "./local-cognito/index";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const children: ChildProcess[] = [];
let cognito: LocalCognito | undefined;
let database: EmbeddedServer | undefined;
const say = (message: string) => console.log(`\x1b[35m[cruddur]\x1b[0m ${message}`);

/** Thrown once everything is being stopped, so that nothing after it starts. */
class Stopped extends Error {}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) {
    say(`${command} ${args.join(" ")} failed (exit ${result.status})`);
    stopAll(1);
    throw new Stopped();
  }
}

function stopAll(code: number) {
  for (const child of children) child.kill("SIGTERM");
  void Promise.allSettled([cognito?.stop(), database?.stop()]).finally(() => process.exit(code));
}

async function createDatabaseIfMissing(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
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
    say(`DATABASE_URL is not set: starting the embedded PostgreSQL 16 on port ${port}, data in .data/postgres`);
    database = await startEmbeddedPostgres({ dataDir: path.join(root, ".data/postgres"), port, persistent: true });
    env.DATABASE_URL = database.url.replace(/\/postgres$/, "/cruddur");
    await createDatabaseIfMissing(database.url, "cruddur");
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
    // What a QA run against this server needs (README, "QA").
    say(`QA: QA_COGNITO_USER_POOL_ID=${cognito.userPoolId} QA_COGNITO_CLIENT_ID=${cognito.clientId} QA_COGNITO_ENDPOINT=${cognito.endpoint}`);
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

if (import.meta.url === `file://${process.argv[1]}`) {
  await main().catch((error: unknown) => {
    if (error instanceof Stopped) return;
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    stopAll(1);
  });
}
