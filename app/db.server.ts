import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "~/env.server";
import { poolConnection } from "~/utils/database-tls";
import { instrumentPool } from "~/observability/db-timing.server";

declare global {
  // Survives `remix dev` rebuilds, which re-import this module: one pool per process.
  var __prisma: PrismaClient | undefined;
}

function createClient() {
  const { DATABASE_URL, DATABASE_POOL_MAX } = env();
  // Our own pool so every statement is counted and timed per request (Server-Timing, request log).
  const pool = instrumentPool(
    new pg.Pool({
      ...poolConnection(DATABASE_URL),
      max: DATABASE_POOL_MAX,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    }),
  );
  // The adapter then leaves the pool open on $disconnect unless told to end it.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

/** The one Prisma client of the process. */
export const prisma: PrismaClient = (globalThis.__prisma ??= createClient());
