// The per-request context (AsyncLocalStorage) started by the Express host for every request:
// request id, signed-in user id, SQL statement count and time, render time. It feeds the request
// log line and the Server-Timing header.
//
// build/server.js (the host, bundled by esbuild) and build/index.js (the Remix app) each carry
// their own copy of this module, so the storage is a process singleton: both copies share one.
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { singleton } from "~/db/singleton.server";

export type RequestContext = {
  requestId: string;
  /** performance.now() when the request arrived. */
  start: number;
  userId?: string;
  /** Express's `req.ip` (one trusted ALB hop): the session's network is refreshed from it (ADR 022). */
  clientIp?: string;
  /** The request carries the operator's QA token (app/security/qa-token.server.ts): the rate limits let it through. */
  qaRun?: boolean;
  /** SQL statements sent to PostgreSQL for this request (every pg `query` call, BEGIN/COMMIT included). */
  dbQueries: number;
  /** Milliseconds during which at least one of this request's statements was in flight. */
  dbMs: number;
  dbInflight: number;
  dbBusySince: number;
  /** Whether a warning or an error has been logged for this request (server/request-log.ts logs a 5xx that has none). */
  problemLogged?: boolean;
  /** Milliseconds spent rendering the document (entry.server.tsx), when there was one. */
  renderMs?: number;
  /** Values computed once per HTTP request and shared by its loaders (see `memoizeInRequest`). */
  memo?: Map<string, unknown>;
};

const storage = singleton("request-context", () => new AsyncLocalStorage<RequestContext>());

export function createRequestContext(requestId: string): RequestContext {
  return { requestId, start: performance.now(), dbQueries: 0, dbMs: 0, dbInflight: 0, dbBusySince: 0 };
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * `compute()` once per HTTP request for `key`: Remix gives the root and route loaders of one request
 * different Request objects, so a per-request value (the session lookup) is kept in the request's
 * context. Outside a request context (scripts) it just computes.
 */
export function memoizeInRequest<T>(key: string, compute: () => T): T {
  const context = storage.getStore();
  if (!context) return compute();
  context.memo ??= new Map();
  if (!context.memo.has(key)) context.memo.set(key, compute());
  return context.memo.get(key) as T;
}

/** Called by the session module once it knows who is signed in: the request log line carries the id. */
export function setRequestUserId(userId: string | undefined | null): void {
  const context = storage.getStore();
  if (context && userId) context.userId = userId;
}

/** The address of the request being served, when the host gave one. */
export function requestClientIp(): string | undefined {
  return storage.getStore()?.clientIp;
}

/** Marks the start of one SQL statement; call the returned function when it has finished. */
export function startQuery(context: RequestContext | undefined = storage.getStore()): () => void {
  if (!context) return noop;
  context.dbQueries++;
  if (context.dbInflight++ === 0) context.dbBusySince = performance.now();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--context.dbInflight === 0) context.dbMs += performance.now() - context.dbBusySince;
  };
}

function noop() {}

/** Records how long the document took to render (entry.server.tsx). */
export function recordRenderTime(ms: number): void {
  const context = storage.getStore();
  if (context) context.renderMs = ms;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** `db;dur=3.1;desc="2 queries", render;dur=4.2, total;dur=9.8` for the Server-Timing header. */
export function serverTiming(context: RequestContext, now = performance.now()): string {
  const dbMs = context.dbInflight > 0 ? context.dbMs + (now - context.dbBusySince) : context.dbMs;
  const parts = [`db;dur=${round(dbMs)};desc="${context.dbQueries} ${context.dbQueries === 1 ? "query" : "queries"}"`];
  if (context.renderMs !== undefined) parts.push(`render;dur=${round(context.renderMs)}`);
  parts.push(`total;dur=${round(now - context.start)}`);
  return parts.join(", ");
}

/**
 * Runs `fn` in a fresh request context and reports how many SQL statements it sent: the helper
 * tests use to keep the SQL per page bounded, e.g. `expect((await countQueries(() => load())).queries).toBe(2)`.
 */
export async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; dbMs: number }> {
  const context = createRequestContext("count-queries");
  // Awaited inside the context: Prisma's promises are lazy and start on `then`.
  const result = await storage.run(context, async () => await fn());
  return { result, queries: context.dbQueries, dbMs: context.dbMs };
}
