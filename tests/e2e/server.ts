// Playwright's web server: a fresh seeded database, then the production build (`npm run build` first).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalCognito } from "../../server/local-cognito/index";
import { E2E_DATABASE, migrate, recreateDatabase } from "../support/database";
import { E2E_COGNITO_DIR, E2E_COGNITO_INFO, E2E_COGNITO_PORT } from "../support/e2e-cognito";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
if (!existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` before the e2e suite.");

const databaseUrl = await recreateDatabase(E2E_DATABASE);
migrate(databaseUrl);

// A fresh local Cognito whose Post Confirmation trigger writes to the e2e database.
rmSync(E2E_COGNITO_DIR, { recursive: true, force: true });
mkdirSync(E2E_COGNITO_DIR, { recursive: true });
const cognito = await startLocalCognito({
  port: E2E_COGNITO_PORT,
  dataDir: E2E_COGNITO_DIR,
  databaseUrl,
  log: () => {},
});
writeFileSync(
  E2E_COGNITO_INFO,
  JSON.stringify({ dataDir: E2E_COGNITO_DIR, userPoolId: cognito.userPoolId, clientId: cognito.clientId, endpoint: cognito.endpoint }),
);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: process.env.E2E_PORT ?? "3100",
  DATABASE_URL: databaseUrl,
  COGNITO_USER_POOL_ID: cognito.userPoolId,
  COGNITO_CLIENT_ID: cognito.clientId,
  COGNITO_ENDPOINT: cognito.endpoint,
  OTEL_METRICS_EXPORTER: "none",
  OTEL_LOGS_EXPORTER: "none",
};
const seed = spawn(process.execPath, ["--import", "tsx", path.join(root, "prisma/seed.ts")], { cwd: root, env, stdio: "inherit" });
await new Promise((resolve, reject) => seed.on("exit", (code) => (code === 0 ? resolve(code) : reject(new Error(`seed failed: ${code}`)))));

const server = spawn(process.execPath, [path.join(root, "build/server.js")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", async (code) => {
  await cognito.stop();
  process.exit(code ?? 0);
});
