// Playwright's web server: a fresh seeded database, then the production build (`npm run build` first).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate, recreateDatabase } from "../support/database";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
if (!existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` before the e2e suite.");

export const E2E_DATABASE = "cruddur_e2e";
const databaseUrl = await recreateDatabase(E2E_DATABASE);
migrate(databaseUrl);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: process.env.E2E_PORT ?? "3100",
  DATABASE_URL: databaseUrl,
  OTEL_METRICS_EXPORTER: "none",
  OTEL_LOGS_EXPORTER: "none",
};
const seed = spawn(process.execPath, ["--import", "tsx", path.join(root, "prisma/seed.ts")], { cwd: root, env, stdio: "inherit" });
await new Promise((resolve, reject) => seed.on("exit", (code) => (code === 0 ? resolve(code) : reject(new Error(`seed failed: ${code}`)))));

const server = spawn(process.execPath, [path.join(root, "build/server.js")], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
