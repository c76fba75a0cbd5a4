// Counts and times every SQL statement per request (Server-Timing `db`, the request log, and
// `countQueries` in tests). @prisma/adapter-pg runs plain queries with `pool.query` (which checks
// a client out and calls `client.query`) and transactions with `pool.connect()` + `client.query`,
// so wrapping each pooled client's `query` sees every statement exactly once.
import { AsyncResource } from "node:async_hooks";
import type pg from "pg";
import { startQuery } from "./request-context.server";

const WRAPPED = Symbol.for("cruddur.queryTimed");
type Callback = (...args: unknown[]) => void;

function wrapClient(client: pg.PoolClient & { [WRAPPED]?: true }) {
  if (client[WRAPPED]) return;
  client[WRAPPED] = true;
  const query = client.query as unknown as (...args: unknown[]) => unknown;
  (client as unknown as { query: unknown }).query = function timedQuery(this: unknown, ...args: unknown[]) {
    const done = startQuery();
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as Callback;
      args[last] = (...results: unknown[]) => {
        done();
        callback(...results);
      };
      return query.apply(this, args);
    }
    const config = args[0] as { callback?: Callback } | undefined;
    if (config && typeof config === "object" && typeof config.callback === "function") {
      const callback = config.callback;
      config.callback = (...results: unknown[]) => {
        done();
        callback(...results);
      };
      return query.apply(this, args);
    }
    let result: unknown;
    try {
      result = query.apply(this, args);
    } catch (error) {
      done();
      throw error;
    }
    if (result && typeof (result as Promise<unknown>).then === "function") (result as Promise<unknown>).then(done, done);
    else done();
    return result;
  };
}

/**
 * Instruments `pool` in place. pg-pool hands a freed client to a waiting `pool.query` from inside
 * the releasing request's async context, so `connect`'s callback is bound to the caller's context
 * (AsyncResource.bind): the statement is counted for the request that sent it.
 */
export function instrumentPool(pool: pg.Pool): pg.Pool {
  pool.on("connect", (client) => wrapClient(client));
  const connect = pool.connect.bind(pool) as (callback?: Callback) => unknown;
  (pool as unknown as { connect: unknown }).connect = (callback?: Callback) =>
    typeof callback === "function" ? connect(AsyncResource.bind(callback)) : connect();
  return pool;
}
