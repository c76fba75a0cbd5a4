// A micro-cache for pages as signed-out visitors see them (docs/decisions/010-anonymous-page-cache.md).
//
// Most traffic to a public timeline is anonymous and identical for everyone. A page opts in by
// sending `X-Page-Cache-Ttl: <ms>` (at most 1 s, and never past the first expiry of a crud on it,
// so an expired crud is never served from here). Only GET requests without a session cookie read
// or fill the cache; any other method clears it (a write may change any page). A hit gets this
// request's CSP nonce and request id in place of the ones it was rendered with. While one request
// renders a page, others for the same page wait for it rather than all rendering it at once.
import type { NextFunction, Request, Response } from "express";
import { FLASH_COOKIE_PATTERN } from "~/routes-support/flash.server";

export const PAGE_CACHE_TTL_HEADER = "x-page-cache-ttl";
const MAX_TTL_MS = 1_000;

type Entry = { expires: number; status: number; headers: Record<string, string>; body: string; nonce: string; requestId: string };

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const KEPT_HEADERS = ["content-type", "cache-control", "vary", "content-language", "x-robots-tag"];

/**
 * Removes the opt-in header from `res` when its head is written, and returns a reader of the time to
 * live it carried (0 without one; at most MAX_TTL_MS).
 */
function takeTtlHeader(res: Response): () => number {
  let ttl = 0;
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    ttl = Math.min(MAX_TTL_MS, Number(this.getHeader(PAGE_CACHE_TTL_HEADER) ?? 0) || 0);
    this.removeHeader(PAGE_CACHE_TTL_HEADER);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response["writeHead"];
  return () => ttl;
}

export function pageCache({ maxEntries = 500, enabled = true, sessionCookie = /(^|;\s*)(__Host-)?cruddur_session=/, flashCookie = FLASH_COOKIE_PATTERN } = {}) {
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<void>>();

  function serve(res: Response, hit: Entry, nonce: string, requestId: string) {
    res.status(hit.status);
    for (const [name, value] of Object.entries(hit.headers)) res.setHeader(name, value);
    res.setHeader("X-Cache", "HIT");
    let body = hit.body;
    if (hit.nonce && nonce) body = body.replaceAll(hit.nonce, nonce);
    if (hit.requestId && requestId) body = body.replaceAll(hit.requestId, requestId);
    res.end(body);
  }

  return function pageCacheMiddleware(req: Request, res: Response, next: NextFunction) {
    // Whatever happens below (cache off, signed in, a write, a miss), the opt-in header never
    // reaches the browser; a cacheable response reads its value here.
    const ttl = takeTtlHeader(res);
    if (!enabled) return next();
    const signedIn = sessionCookie.test(req.headers.cookie ?? "");
    if (req.method !== "GET") {
      if (signedIn && WRITE_METHODS.has(req.method)) entries.clear();
      return next();
    }
    // A stale or forged session cookie may still render a signed-out page: not cached either way.
    if (signedIn) return next();
    // A page carrying a status message ("You have signed out.", ADR 020) is for this visitor only.
    if (flashCookie.test(req.headers.cookie ?? "")) return next();

    // The host too: a page may carry absolute links made from it (share cards without SITE_ORIGIN),
    // and a Host header one client chose must never reach another's page.
    // The time zone the browser reported (the `tz` cookie, ADR 037) changes the page's exact times and
    // whether it asks the browser: one version per zone, never another visitor's.
    const zone = /(?:^|;\s*)tz=([^;]{0,200})/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    const key = `${req.headers.host ?? ""} ${req.originalUrl} ${zone}`;
    // A page's time to live counts from before it was rendered: it was computed from the clock of
    // its loader (never past the first expiry on it), and rendering takes time too.
    const arrivedAt = Date.now();
    const nonce = String(res.locals.cspNonce ?? "");
    const requestId = String(req.headers["x-request-id"] ?? "");
    const hit = entries.get(key);
    if (hit && hit.expires > Date.now()) return serve(res, hit, nonce, requestId);
    if (hit) entries.delete(key);
    const inFlight = rendering.get(key);
    if (inFlight) {
      void inFlight.then(() => {
        const fresh = entries.get(key);
        if (fresh && fresh.expires > Date.now()) serve(res, fresh, nonce, requestId);
        else next();
      });
      return;
    }
    let rendered!: () => void;
    rendering.set(key, new Promise<void>((resolve) => (rendered = resolve)));
    const settle = () => {
      rendering.delete(key);
      rendered();
    };
    res.once("finish", settle);
    res.once("close", settle);

    // Capture what Remix sends; keep it when the page opted in.
    const chunks: Buffer[] = [];
    const write = res.write;
    res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
      if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Response["write"];
    const end = res.end;
    res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
      const result = (end as (...a: unknown[]) => Response).call(this, chunk, ...rest);
      if (ttl() > 0 && this.statusCode === 200) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = this.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        entries.set(key, { expires: arrivedAt + ttl(), status: 200, headers, body: Buffer.concat(chunks).toString("utf8"), nonce, requestId });
      }
      return result;
    } as Response["end"];
    next();
  };
}
