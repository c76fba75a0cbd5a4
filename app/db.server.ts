import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { env } from "~/env.server";
import { poolConnection } from "~/db/database-tls";
import { instrumentPool } from "~/observability/db-timing.server";
import { log, serializeError } from "~/observability/logger.server";
import { getRequestContext } from "~/observability/request-context.server";
import { singleton } from "~/db/singleton.server";

// One pool and one client per process (they survive `remix dev` rebuilds, which re-import this module).
/** The singleton names of the pool and the Prisma client (app/db/singleton.server.ts). */
export const POOL_SINGLETON = "pg.pool";
export const PRISMA_SINGLETON = "prisma";
const PLANNED_POOL_SINGLETON = "pg.pool.planned";

export const DATABASE_UNAVAILABLE_MESSAGE = "Cruddur cannot reach its database right now. Please try again in a minute.";
/** Seconds a client should wait before retrying (the 503's Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 60;

/**
 * What a statement throws when the database cannot be reached: a 503 Response, so that a loader or
 * action that does not catch it renders the route's error boundary with the message and status
 * (Remix renders thrown Responses), and a form that must keep the typed text can catch it by class.
 * Prisma passes it through unchanged (it comes from the pool under its adapter).
 */
export class DatabaseUnavailable extends Response {
  constructor(readonly cause: unknown) {
    super(DATABASE_UNAVAILABLE_MESSAGE, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
}

// Refused, reset, unroutable or unresolvable: nothing answers at the database's address.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
// SQLSTATE 08xxx connection exceptions; 57P01/02/03 shutdown, crash, starting up; 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
// pg and pg-pool raise these without a code (connect timeout, a connection lost mid-statement).
const PG_MESSAGES = /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed)/;

/** Is this a failure to reach the database (as opposed to a bad statement or a constraint)? */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === "string" && PG_MESSAGES.test(message)) return true;
  // Node wraps one error per address tried (IPv4 and IPv6) in an AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isConnectionFailure(e, depth + 1))) return true;
  return isConnectionFailure(cause, depth + 1);
}

function unavailable(error: unknown): unknown {
  if (!isConnectionFailure(error)) return error;
  // One short line per failed statement (an outage is many): what failed, not where in pg.
  const { code, message } = error as { code?: unknown; message?: unknown };
  log("warn", "database unavailable", { error_code: code, error: String(message), request_id: getRequestContext()?.requestId });
  return new DatabaseUnavailable(error);
}

type Callback = (...args: unknown[]) => void;

/**
 * `pool.query` (queryRows, and the adapter's plain statements) and `pool.connect` (the adapter's
 * transactions) throw DatabaseUnavailable for connection failures. Only the promise forms are
 * wrapped: pg-pool's own query calls `connect` with a callback, and that must stay untouched.
 */
function reportUnavailable(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    if (typeof args[args.length - 1] === "function") return query(...args);
    return (query(...args) as Promise<unknown>).catch((error: unknown) => {
      throw unavailable(error);
    });
  };
  const connect = pool.connect.bind(pool) as (callback?: Callback) => unknown;
  (pool as unknown as { connect: unknown }).connect = (callback?: Callback) => {
    if (typeof callback === "function") return connect(callback);
    return (connect() as Promise<unknown>).catch((error: unknown) => {
      throw unavailable(error);
    });
  };
  // An idle client whose server went away (a restart, a failover) is an 'error' event on the pool,
  // an uncaught exception without a listener. Prisma's adapter adds one once Prisma first connects;
  // this one does not depend on that (queryRows may run first), and says so in the log.
  pool.on("error", (error) => log("warn", "database connection lost", { error: serializeError(error) }));
  return pool;
}

function createPool({ max, planCacheMode, allowExitOnIdle = false }: { max: number; planCacheMode: "force_generic_plan" | "auto"; allowExitOnIdle?: boolean }) {
  const { DATABASE_URL } = env();
  // Our own pool so every statement is counted and timed per request (Server-Timing, request log).
  return reportUnavailable(
    instrumentPool(
      new pg.Pool({
        ...poolConnection(DATABASE_URL),
        max,
        allowExitOnIdle,
        // Every statement here is a short OLTP read or write; JIT compilation costs ~20 ms when a plan's
        // estimate passes jit_above_cost, even for a branch that never runs (ADR 016, the Following tab).
        // Plans: see queryRows and queryRowsPlannedEachTime (ADR 025).
        options: `-c jit=off -c plan_cache_mode=${planCacheMode}`,
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
      }),
    ),
  );
}

const pool: pg.Pool = singleton(POOL_SINGLETON, () => createPool({ max: env().DATABASE_POOL_MAX, planCacheMode: "force_generic_plan" }));

/**
 * The one Prisma client of the process, on the same pool (the adapter ends the pool on $disconnect).
 * The query builder serves the simple writes by key (sessions, profile, preferences) and the seed;
 * hand-written SQL goes through `queryRows`, and in a transaction `withTransaction` (ADR 005).
 */
export const prisma: PrismaClient = singleton(PRISMA_SINGLETON, () => new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }));

/**
 * Hand-written SQL, written like `prisma.$queryRaw` (a tagged template: every `${value}` is sent as a
 * parameter, `Prisma.sql` fragments compose), run straight on the pool. Prisma's raw path costs
 * ~0.5 ms of CPU per statement here against ~0.1 ms for pg itself (docs/decisions/005-read-queries-in-sql.md),
 * and every page runs two or three. Rows come as pg types them: cast counts to `::int` (bigint would be a string).
 */
export async function queryRows<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  const query = Prisma.sql(strings, ...(values as Prisma.Sql[]));
  const name = preparedName(query.text);
  return (await pool.query(name ? { name, text: query.text, values: query.values } : { text: query.text, values: query.values })).rows as T[];
}

/** A transaction's statements: `queryRows`'s tagged templates, on the transaction's one connection. */
export interface Transaction {
  /** As `queryRows`: the rows. */
  queryRows<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  /** For a statement without RETURNING: how many rows it changed. */
  execute(strings: TemplateStringsArray, ...values: unknown[]): Promise<number>;
}

/**
 * `queryRows` in a transaction: `work` runs between BEGIN and COMMIT on one connection of the pool,
 * with its statements named (prepared) as `queryRows`'s are; anything it throws rolls back and is
 * rethrown (a lost connection as DatabaseUnavailable). READ COMMITTED, PostgreSQL's default, as in
 * `prisma.$transaction`, which costs ~4× the CPU per statement (ADR 005). A connection whose ROLLBACK
 * fails is discarded rather than returned to the pool.
 */
export async function withTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const run = async (strings: TemplateStringsArray, values: unknown[]) => {
    const query = Prisma.sql(strings, ...(values as Prisma.Sql[]));
    const name = preparedName(query.text);
    return client.query(name ? { name, text: query.text, values: query.values } : { text: query.text, values: query.values });
  };
  const tx: Transaction = {
    queryRows: async <R>(strings: TemplateStringsArray, ...values: unknown[]) => (await run(strings, values)).rows as R[],
    execute: async (strings, ...values) => (await run(strings, values)).rowCount ?? 0,
  };
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(tx);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackFailed: unknown) => {
      broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
    });
    throw error instanceof DatabaseUnavailable ? error : unavailable(error);
  } finally {
    client.release(broken);
  }
}

/**
 * The hand-written statements run as named (prepared) statements on connections that always reuse a
 * generic plan (`plan_cache_mode = force_generic_plan`): each connection parses and plans a statement
 * once. With PostgreSQL's default (`auto`) the timelines were re-planned on every execution, since a
 * generic plan's estimate for `expires_at > $1` (a third of the rows) looks dearer than the custom one,
 * and planning was most of their cost (~3–5 ms of PostgreSQL CPU per signed-in page, ADR 025). Their
 * plans are keyset walks whose shape does not depend on the values; a statement whose best plan does is
 * `queryRowsPlannedEachTime`'s. The text depends only on which fragments compose it, not on the values,
 * so the set is small; past PREPARED_MAX texts (a bug composing unbounded SQL) the rest run unnamed
 * rather than fill the server's memory. Explicit column lists only (ADR 005): a prepared `SELECT *`
 * fails when a migration changes the table's columns under a running server.
 */
const PREPARED_MAX = 500;
const preparedNames = new Map<string, string>();
function preparedName(text: string): string | undefined {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < PREPARED_MAX) {
    name = `cruddur_${preparedNames.size}`;
    preparedNames.set(text, name);
  }
  return name;
}

/** A few connections with PostgreSQL's default planning, for the statements `queryRowsPlannedEachTime` runs (search). */
const PLANNED_POOL_MAX = 4;
// allowExitOnIdle: tests and scripts end the main pool (prisma.$disconnect); this one must not hold them open.
const plannedPool = singleton(PLANNED_POOL_SINGLETON, () => createPool({ max: PLANNED_POOL_MAX, planCacheMode: "auto", allowExitOnIdle: true }));

/**
 * As `queryRows`, for a statement whose best plan depends on its values: planned anew each time (an
 * unnamed statement on `auto` connections), on a pool of its own. Search: a rare word is read through the
 * text index and a common one by walking the timeline (0.3 ms vs 30 ms the other way round on 100,000
 * cruds); a handle prefix uses its index only when the planner sees the prefix.
 */
export async function queryRowsPlannedEachTime<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
  const query = Prisma.sql(strings, ...(values as Prisma.Sql[]));
  return (await plannedPool.query(query.text, query.values)).rows as T[];
}
