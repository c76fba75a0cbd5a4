// Prisma 6.19 CLI, offline: the "js" engine runs migrations in the bundled WebAssembly schema
// engine through @prisma/adapter-pg (docs/decisions/002-prisma-offline.md).
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { defineConfig } from "prisma/config";
import { databaseUrlFromEnv } from "./app/db/database-url";
import { sslFromMode } from "./app/db/database-tls";

function poolConfigFromUrl(url: string): PoolConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres",
    ssl: sslFromMode(parsed.searchParams.get("sslmode")),
  };
}

/** Postgres's internal `"char"` (oid 18) and `name` (oid 19) types, read by the schema engine. */
const INTERNAL_TEXT_TYPES = new Set([18, 19]);
const TEXT_OID = 25;

type Queryable = {
  client: { query: (sql: string) => Promise<unknown> };
  onError: (error: unknown) => never;
  performIO: (query: unknown) => Promise<{ fields?: { dataTypeID: number }[] }>;
  executeScript?: (script: string) => Promise<void>;
  startTransaction?: (...args: unknown[]) => Promise<unknown>;
};

/**
 * Two adapter-pg gaps met by the schema engine: it cannot deserialize Postgres's internal text
 * types (read them as text), and executeScript splits a migration on every ";", which breaks
 * function bodies (send the whole script as one simple-protocol query instead).
 */
function patchForSchemaEngine<T extends object>(queryable: T): T {
  const q = queryable as unknown as Queryable;
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (INTERNAL_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    return result;
  };
  if (typeof q.executeScript === "function") {
    q.executeScript = async (script) => {
      try {
        await q.client.query(script);
      } catch (error) {
        q.onError(error);
      }
    };
  }
  if (typeof q.startTransaction === "function") {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (...args) => patchForSchemaEngine((await start(...args)) as object);
  }
  return queryable;
}

/**
 * adapter-pg drops its shadow database while still connected to it; this creates and drops it
 * itself. SHADOW_DATABASE_URL wins, for a server where the shadow must be a database made in advance.
 */
class PrismaPgForMigrations extends PrismaPg {
  constructor(private readonly poolConfig: PoolConfig) {
    super(poolConfig);
  }
  override async connect() {
    return patchForSchemaEngine(await super.connect());
  }
  override async connectToShadowDb() {
    if (process.env.SHADOW_DATABASE_URL) {
      return patchForSchemaEngine(await new PrismaPg(poolConfigFromUrl(process.env.SHADOW_DATABASE_URL)).connect());
    }
    const admin = await new PrismaPg(this.poolConfig).connect();
    const name = `prisma_shadow_${process.pid}_${Date.now()}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadow = patchForSchemaEngine(await new PrismaPg({ ...this.poolConfig, database: name }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}

// The schema reads env("DATABASE_URL"); when it is unset the CLI cannot read the schema and falls
// back to downloading a native engine, even for `prisma generate`, which needs no database at all.
const PLACEHOLDER_URL = "postgresql://placeholder@127.0.0.1:1/unset";
// In ECS the migration task gets the RDS secret's fields (DB_HOST…), not a URL.
process.env.DATABASE_URL = databaseUrlFromEnv(process.env) ?? PLACEHOLDER_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url || url === PLACEHOLDER_URL) throw new Error("DATABASE_URL is not set (npm run dev sets it for the embedded database)");
    return new PrismaPgForMigrations(poolConfigFromUrl(url));
  },
});
