import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "~/generated/prisma/client";
import { env } from "~/env.server";
import { poolConnection } from "~/utils/database-tls";
import { instrumentPool } from "~/observability/db-timing.server";
import { log, serializeError } from "~/observability/logger.server";
import { getRequestContext } from "~/observability/request-context.server";
import { singleton } from "~/utils/singleton.server";

// One pool and one client per process (they survive `remix dev` rebuilds, which re-import this module).
/** The singleton names of the pool and the Prisma client (app/utils/singleton.server.ts). */
export const POOL_SINGLETON = "pg.pool";
export const PRISMA_SINGLETON = "prisma";

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

function createPool() {
  const { DATABASE_URL, DATABASE_POOL_MAX } = env();
  // Our own pool so every statement is counted and timed per request (Server-Timing, request log).
  return reportUnavailable(
    instrumentPool(
      new pg.Pool({
        ...poolConnection(DATABASE_URL),
        max: DATABASE_POOL_MAX,
        // Every statement here is a short OLTP read or write; JIT compilation costs ~20 ms when a plan's
        // estimate passes jit_above_cost, even for a branch that never runs (ADR 016, the Following tab).
        options: "-c jit=off",
        connectionTimeoutMillis: 5_000,
        idleTimeoutMillis: 30_000,
      }),
    ),
  );
}

const pool: pg.Pool = singleton(POOL_SINGLETON, createPool);

/**
 * The one Prisma client of the process, on the same pool (the adapter ends the pool on $disconnect).
 * The query builder serves the simple writes (sessions, profile); hand-written SQL goes through `queryRows`.
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
  return (await pool.query(query.text, query.values)).rows as T[];
}
