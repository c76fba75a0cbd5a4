import { Writable } from "node:stream";
import { performance } from "node:perf_hooks";
import type { ReactElement } from "react";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
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
 * Renders the whole document, then sends it in one piece (ADR 044). With single fetch the loader
 * data reaches the browser through `StreamTransfer`, a component that suspends on each chunk of the
 * encoded data, so Remix asks for a stream renderer. When no loader returned a promise (no page
 * defers data today), the encoded data is read to its end first and handed to `StreamTransfer`
 * already resolved, and the page is rendered in one synchronous pass by `renderToString`, about a
 * third of the stream renderer's cost. Deferred data, or anything that still suspends or fails inside
 * a Suspense boundary (React marks it `<!--$!-->` to be rendered in the browser), goes through the
 * stream renderer, which waits for all of it (`onAllReady`) and reports its errors.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const renderStart = performance.now();
  const page = () => (
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>
  );
  let rendered: { html: Buffer<ArrayBuffer>; failed: boolean } | undefined;
  if (!hasDeferredData(remixContext)) {
    await resolveServerHandoff(remixContext);
    // The stream renderer writes the doctype before an <html> root; renderToString does not (without it the
    // browser would lay the page out in quirks mode). The page is encoded once, here, and sent as bytes: a
    // string body would be scanned again by the Response (USVString conversion) and encoded in pieces.
    const html = Buffer.from(`<!DOCTYPE html>${renderToString(page())}`);
    if (!html.includes(CLIENT_RENDERED_BOUNDARY)) rendered = { html, failed: false };
  }
  rendered ??= await renderAllReady(page, nonce, remixContext);
  if (rendered.failed) responseStatusCode = 500;
  // Server-Timing `render` (the host composes the header, server/request-log.ts).
  recordRenderTime(performance.now() - renderStart);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  retryAfter(responseStatusCode, responseHeaders);
  return new Response(rendered.html, { headers: responseHeaders, status: responseStatusCode });
}

/** How React 18's server renderers mark a Suspense boundary left for the browser to render. */
const CLIENT_RENDERED_BOUNDARY = "<!--$!-->";

/** Whether a loader or action returned a promise among its values (Remix's `defer`, single fetch style). */
function hasDeferredData({ staticHandlerContext: { loaderData, actionData } }: EntryContext) {
  const isDeferred = (data: unknown) => typeof data === "object" && data !== null && Object.values(data).some((value) => value instanceof Promise);
  return [...Object.values(loaderData), ...Object.values(actionData ?? {})].some(isDeferred);
}

/**
 * Reads the encoded loader data (turbo-stream) to its end and puts it where `StreamTransfer` looks
 * first, its `streamCache`, as a chunk already read and the last one; `RemixServer` still takes a
 * reader of `serverHandoffStream`, so it gets an empty stream instead of the consumed one.
 */
async function resolveServerHandoff(remixContext: EntryContext) {
  const stream = remixContext.serverHandoffStream;
  const renderMeta = remixContext.renderMeta;
  if (!stream || !renderMeta) return;
  const chunk: Promise<void> & { result?: { done: boolean; value: string }; error?: unknown } = Promise.resolve();
  try {
    const decoder = new TextDecoder();
    let value = "";
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) value += decoder.decode(read.value, { stream: true });
    chunk.result = { done: true, value: value + decoder.decode() };
  } catch (error) {
    // As StreamTransfer does: the error is thrown while rendering, inside its Suspense boundary.
    chunk.error = error;
  }
  renderMeta.streamCache = { 0: chunk };
  remixContext.serverHandoffStream = new ReadableStream();
}

/** React 18's stream renderer, collected to the end before anything is sent (no page streams). */
function renderAllReady(page: () => ReactElement, nonce: string, remixContext: EntryContext) {
  // A second render (after renderToString) needs a reader of its own; the data is in the stream cache.
  if (remixContext.renderMeta?.streamCache) remixContext.serverHandoffStream = new ReadableStream();
  return new Promise<{ html: Buffer<ArrayBuffer>; failed: boolean }>((resolve, reject) => {
    let failed = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        resolve({ html: Buffer.concat(chunks), failed });
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(page(), {
      nonce,
      onAllReady: () => pipe(sink),
      onShellError: reject,
      // Render errors abort the shell: Remix then calls handleError and renders the boundary.
      onError: () => {
        failed = true;
      },
    });
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
