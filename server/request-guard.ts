// Requests the host refuses before anything parses them (docs/decisions/006-auth.md, docs/security.md):
// state changes from another origin (ASVS 3.5.1), the legacy `?_data=` path, and bodies that are
// too large, of unknown length or not a form. One check for every path, resource routes included,
// so a route added later is covered without anyone remembering to.
import type express from "express";
import { log } from "~/observability/logger.server";
import { FILES_PER_FORM, uploadBodyMax } from "~/domain/picture-limits";

/** Forms on this site are a few KB at most (a 1,024-character reply); nothing needs more but an upload. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The only routes that take files (ADR 033), each with its own cap on the whole body: their files at their
 * largest plus the form's fields. Only they may send multipart/form-data; every other path keeps 64 KB.
 * Both addresses of a route: the document's, and single fetch's `.data` one.
 */
export const UPLOAD_ROUTES: ReadonlyMap<string, number> = new Map(
  [
    ["/compose", uploadBodyMax(FILES_PER_FORM.compose)],
    ["/settings/profile", uploadBodyMax(FILES_PER_FORM.profile)],
  ].flatMap(([path, max]) => [
    [path as string, max as number],
    [`${path}.data`, max as number],
  ]),
);
const MULTIPART_TYPE = "multipart/form-data";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// The only body the app's forms send, with JavaScript (single fetch) or without.
const FORM_TYPE = "application/x-www-form-urlencoded";

export type Refusal = { status: number; reason: string; message: string };

const refusals = {
  crossOrigin: {
    status: 403,
    reason: "cross-origin",
    message: "This form was sent from another site, so Cruddur did not act on it. If you meant to do this, go back to Cruddur and try again there.",
  },
  legacyData: { status: 400, reason: "legacy-data-request", message: "This address is not one Cruddur answers. Reload the page and try again." },
  tooLarge: { status: 413, reason: "body-too-large", message: "That form was too large for Cruddur to accept." },
  noLength: { status: 411, reason: "length-required", message: "Cruddur only accepts forms of a stated length." },
  notAForm: { status: 415, reason: "unsupported-media-type", message: "Cruddur only accepts forms sent by its own pages." },
} satisfies Record<string, Refusal>;

/**
 * Whether a browser sent this request from another origin. Modelled on Go 1.25's
 * CrossOriginProtection: Fetch Metadata first, then Origin against the site's own origin (`null`,
 * sent by sandboxed and privacy-sensitive contexts, never matches). Requests with neither header
 * come from non-browser clients, which cookies cannot be borrowed from: they pass.
 */
export function isCrossOrigin(req: express.Request): boolean {
  const site = req.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = req.get("origin");
  if (origin === undefined) return false;
  // `req.protocol` is the ALB's X-Forwarded-Proto (trust proxy 1); Host is what the browser asked for.
  return origin !== `${req.protocol}://${req.get("host")}`;
}

/** The refusal that applies to this request, if any. */
export function refusalFor(req: express.Request): Refusal | undefined {
  // Single fetch made `?_data=` unused: a GET answered an empty 200 and a POST ran the action.
  if (new URLSearchParams(req.url.slice(req.url.indexOf("?") + 1 || req.url.length)).has("_data")) return refusals.legacyData;
  // Bodies first, whatever the method: a GET with a body is drained by Node as surely as a POST.
  const length = req.get("content-length");
  // A chunked body could be any size: only a stated length can be refused before it is read.
  if (length === undefined && req.get("transfer-encoding")) return refusals.noLength;
  const type = req.get("content-type")?.split(";")[0]!.trim().toLowerCase();
  // Only a multipart body to an upload route may carry files: any other body to it is text, held to 64 KB.
  const upload = SAFE_METHODS.has(req.method) || type !== MULTIPART_TYPE ? undefined : UPLOAD_ROUTES.get(req.path);
  if (Number(length) > (upload ?? MAX_BODY_BYTES)) return refusals.tooLarge;
  if (SAFE_METHODS.has(req.method)) return undefined;
  if (isCrossOrigin(req)) return refusals.crossOrigin;
  if (Number(length) > 0 && type !== FORM_TYPE && !(upload && type === MULTIPART_TYPE)) return refusals.notAForm;
  return undefined;
}

/**
 * Refuses what `refusalFor` names. The refusal is then shown by `render` (Remix's refused-request
 * page, in the layout) as a GET that carries no body, so no action, parser or cache ever sees it.
 */
export function requestGuard(render: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => {
    // The ALB never sends X-Forwarded-Host; a client's own would become the request's host.
    delete req.headers["x-forwarded-host"];
    const refusal = refusalFor(req);
    if (!refusal) return next();
    log("warn", "request refused", {
      reason: refusal.reason,
      method: req.method,
      path: req.path,
      origin: req.get("origin"),
      sec_fetch_site: req.get("sec-fetch-site"),
      content_length: req.get("content-length"),
      request_id: req.get("x-request-id"),
    });
    res.locals.refusal = refusal;
    // The unread body is not drained: the connection closes after the answer.
    if (Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding")) res.setHeader("Connection", "close");
    if (req.method !== "HEAD") req.method = "GET";
    req.url = req.originalUrl = REFUSED_PATH;
    render(req, res, next);
  };
}

/** The Remix route that renders a refusal (app/routes/refused.tsx); without one it is a 404. */
export const REFUSED_PATH = "/refused";
