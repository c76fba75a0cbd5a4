// Scratch PostgreSQL databases for tests: a migrated template, cloned per test file or run.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A superuser connection to a real PostgreSQL server (the CI machine's, or yours). */
export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/**
 * The migrated template of one `vitest run` (its global setup names it after its own pid, and the
 * test processes inherit the name), so two runs on one machine never drop each other's template.
 */
export const TEMPLATE_DB = (process.env.TEST_TEMPLATE_DB ??= `cruddur_test_template_${process.pid}`);
/** The e2e suite's database, one per e2e port, so two suites can run side by side. */
export const E2E_DATABASE = `cruddur_e2e_${Number(process.env.E2E_PORT ?? 3100)}`;

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function migrate(url: string) {
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}

/** Drops and recreates `name`, optionally as a copy of the migrated template. */
export async function recreateDatabase(name: string, { fromTemplate = false } = {}): Promise<string> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${name}"${fromTemplate ? ` TEMPLATE "${TEMPLATE_DB}"` : ""}`);
  return databaseUrl(name);
}

export async function dropDatabase(name: string) {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
