// Express middleware for observability: the per-request context (AsyncLocalStorage), the
// Server-Timing header (set just before the headers go out), one JSON log line per request, and
// the error path (structured log + Rollbar + a plain 500 with the reference id).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type express from "express";
import { log, logError, logRequest, setRequestFields } from "~/observability/logger.server";
import { createRequestContext, getRequestContext, runWithRequestContext, serverTiming } from "~/observability/request-context.server";
import { reportError } from "~/observability/rollbar.server";
import { isQaToken, QA_TOKEN_HEADER } from "~/security/qa-token.server";
import { currentTraceId } from "~/observability/tracing.server";

// An X-Ray trace id as the ALB writes it (a client may send its own header: the ALB keeps it).
const XRAY_ROOT = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24})(;|$)/;

/**
 * A reference id for logs and the 500 page: the ALB's trace id when the header holds a well-formed
 * one, else a fresh UUID. Never other client text: the id is written into pages, cached ones too.
 */
export function requestIdOf(traceHeader: string | undefined): string {
  return XRAY_ROOT.exec(traceHeader ?? "")?.[1] ?? randomUUID();
}

// Every warning or error written while a request runs names it, and is noted on its context.
setRequestFields(() => {
  const context = getRequestContext();
  if (!context) return undefined;
  context.problemLogged = true;
  return { request_id: context.requestId };
});

/**
 * First middleware: gives the request its id (the ALB's X-Ray trace id when there is one), starts
 * its context, adds Server-Timing and logs one line when the response has finished.
 */
export function requestContext(): express.RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdOf(req.get("x-amzn-trace-id"));
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    const context = createRequestContext(requestId);
    context.clientIp = req.ip;
    context.qaRun = isQaToken(req.get(QA_TOKEN_HEADER));
    const traceId = currentTraceId();
    const { method, path } = req; // before a mounted router or the request guard rewrites them

    const writeHead = res.writeHead;
    res.writeHead = function (this: express.Response, ...args: unknown[]) {
      if (!this.headersSent) this.setHeader("Server-Timing", serverTiming(context));
      return (writeHead as (...a: unknown[]) => express.Response).apply(this, args);
    } as typeof res.writeHead;

    const finished = () => {
      res.removeListener("finish", finished);
      res.removeListener("close", finished);
      // Every 5xx leaves a line that says so with its request id, besides the request line: most have
      // one already (a thrown error, "database unavailable"); one answered without a word (a page's own
      // 503, a render that timed out) gets this one. A 500 is an error; any other 5xx (503: a dependency
      // that did not answer) a warning, as an outage is one incident, not an error per request.
      if (res.statusCode >= 500 && !context.problemLogged) {
        context.problemLogged = true;
        log(res.statusCode === 500 ? "error" : "warn", "server error response", {
          request_id: requestId,
          status: res.statusCode,
          method,
          path,
          trace_id: traceId,
          user_id: context.userId,
        });
      }
      logRequest({
        method,
        path,
        status: res.statusCode,
        duration_ms: Math.round((performance.now() - context.start) * 10) / 10,
        db_queries: context.dbQueries,
        db_ms: Math.round(context.dbMs * 10) / 10,
        request_id: requestId,
        trace_id: traceId,
        user_id: context.userId,
        aborted: res.writableFinished ? undefined : true,
      });
    };
    res.on("finish", finished);
    res.on("close", finished);
    runWithRequestContext(context, next);
  };
}

/** Last middleware: an error that escaped Remix (or any middleware). */
export function errorHandler(): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const requestId = req.get("x-request-id");
    // Client errors raised by Express itself (a malformed URL: 400) are answered, not reported.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      if (res.headersSent) return next(error);
      res
        .status(status)
        .type("text/plain")
        .send(`${status === 400 ? "Bad request" : "Request refused"}. Reference: ${requestId ?? "unknown"}\n`);
      return;
    }
    logError("request failed", error, { request_id: requestId, method: req.method, path: req.path, trace_id: currentTraceId() });
    void reportError(error, { method: req.method, url: req.originalUrl, headers: req.headers, ip: req.ip });
    if (res.headersSent) return next(error);
    res
      .status(500)
      .type("text/plain")
      .send(`Something went wrong. Reference: ${requestId ?? "unknown"}\n`);
  };
}
