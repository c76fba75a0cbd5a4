import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { env } from "~/env.server";
import { poolConnection } from "~/utils/database-tls";
import { instrumentPool } from "~/observability/db-timing.server";

declare global {
  // Survive `remix dev` rebuilds, which re-import this module: one pool and one client per process.
  var __pgPool: pg.Pool | undefined;
  var __prisma: PrismaClient | undefined;
}

function createPool() {
  const { DATABASE_URL, DATABASE_POOL_MAX } = env();
  // Our own pool so every statement is counted and timed per request (Server-Timing, request log).
  return instrumentPool(
    new pg.Pool({
      ...poolConnection(DATABASE_URL),
      max: DATABASE_POOL_MAX,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    }),
  );
}

const pool: pg.Pool = (globalThis.__pgPool ??= createPool());

/**
 * The one Prisma client of the process, on the same pool (the adapter ends the pool on $disconnect).
 * The query builder serves the simple writes (sessions, profile); hand-written SQL goes through `queryRows`.
 */
export const prisma: PrismaClient = (globalThis.__prisma ??= new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }));

/**
 * Hand-written SQL, written like `prisma.$queryRaw` (a tagged template: every `${value}` is sent as a
 * parameter, `Prisma.sql` fragments compose), run straight on the pool. Prisma's raw path costs
 * ~0.5 ms of CPU per statement here against ~0.1 ms for pg itself (docs/decisions/005-read-queries-in-sql.md),
 * and every page runs two or three. Rows come as pg types them: cast counts to `::int` (bigint would be a string).
 */
export async function queryRows<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  const query = Prisma.sql(strings, ...(values as Prisma.Sql[]));
  return (await pool.query(query.text, query.values)).rows as T[];
}
