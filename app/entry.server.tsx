import { Writable } from "node:stream";
import { performance } from "node:perf_hooks";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { DATABASE_RETRY_AFTER_SECONDS } from "~/db.server";
import { cognitoEnv } from "~/env.server";
import { startBackgroundJobs } from "~/jobs.server";
import { logError } from "~/observability/logger.server";
import { getRequestContext, recordRenderTime } from "~/observability/request-context.server";
import { reportError } from "~/observability/rollbar.server";
import { currentTraceId } from "~/observability/tracing.server";
import { NonceProvider } from "~/hooks/use-nonce";

const ABORT_DELAY = 5_000;

/**
 * A 503 (the database or Cognito cannot be reached) says when to come back. Set here for every
 * page and data request, because a thrown Response's own headers do not reach the document.
 */
function retryAfter(status: number, headers: Headers) {
  if (status === 503 && !headers.has("Retry-After")) headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
}

// Fail fast at boot on a bad environment, then start the background jobs (app/jobs.server.ts).
cognitoEnv();
startBackgroundJobs();

/**
 * Renders the whole document, then sends it in one piece. With single fetch the loader data
 * reaches the browser through a suspended component, so a stream renderer is required
 * (renderToString never hydrates); but no page defers data, so waiting for everything costs no
 * time to first byte and saves the per-chunk stream plumbing and syscalls (~10 % of CPU per page).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const renderStart = performance.now();
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        // Server-Timing `render` (the host composes the header, server/request-log.ts).
        recordRenderTime(performance.now() - renderStart);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        retryAfter(responseStatusCode, responseHeaders);
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady: () => pipe(sink),
        onShellError: reject,
        // Render errors abort the shell: Remix then calls handleError and renders the boundary.
        onError: () => {
          responseStatusCode = 500;
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1_000).unref();
  });
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  retryAfter(response.status, response.headers);
  return response;
};

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the visitor navigated away) are not errors; nor are 4xx responses (404…).
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logError("request failed", error, {
    request_id: request.headers.get("x-request-id") ?? undefined,
    method: request.method,
    path: new URL(request.url).pathname,
    trace_id: currentTraceId(),
    user_id: getRequestContext()?.userId,
  });
  void reportError(error, request);
};
