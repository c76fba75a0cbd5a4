// The production (and `remix dev`) HTTP host: Express with compression, security headers, a
// per-request CSP nonce, immutable caching of fingerprinted assets, and Remix behind it.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import express from "express";
import expressStaticGzip from "express-static-gzip";
import helmet from "helmet";
import { compressResponses } from "./compression";
import { pageCache } from "./page-cache";
import { requestGuard } from "./request-guard";
import { whenDrained } from "./response-drained";
import { log, logError } from "~/observability/logger.server";
import { installUncaughtHandlers, rollbarClientOrigin } from "~/observability/rollbar.server";
import { errorHandler, requestContext } from "./request-log";
import { existingSingleton } from "~/db/singleton.server";

installGlobals({ nativeFetch: true });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_PATH = path.join(root, "build/index.js");
const isDevelopment = process.env.NODE_ENV === "development";
// `remix dev` restarts this process after every rebuild, so the build is imported once.
const build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
// After the build's import, so a bad environment still stops the boot with its readable message.
installUncaughtHandlers((error) => logError("uncaught exception", error));
const getLoadContext = (req: express.Request, res: express.Response) => ({
  cspNonce: res.locals.cspNonce as string,
  clientIp: req.ip ?? "",
  refusal: res.locals.refusal as { status: number; message: string } | undefined,
  responseDrained: () => whenDrained(res),
});
const remix = createRequestHandler({ build, mode: build.mode, getLoadContext });

const app = express();
app.disable("x-powered-by");
// One ALB hop in front of us: trust exactly one X-Forwarded-For entry (req.ip cannot be spoofed).
app.set("trust proxy", 1);
// Request id, per-request context, Server-Timing and the JSON request log (server/request-log.ts).
app.use(requestContext());
app.use(compressResponses());

app.use((_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
});

// Browser error reports go to Rollbar's API when ROLLBAR_CLIENT_TOKEN is set (rollbar-client.tsx).
const rollbarOrigin = process.env.ROLLBAR_CLIENT_TOKEN ? rollbarClientOrigin() : null;
const mediaOrigin = process.env.MEDIA_ORIGIN ? new URL(process.env.MEDIA_ORIGIN).origin : null;

app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'strict-dynamic'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
        "style-src": ["'self'", "'unsafe-inline'"],
        // blob: the composer's previews of chosen images; the media origin: pictures from CloudFront (ADR 033).
        "img-src": ["'self'", "data:", "blob:", ...(mediaOrigin ? [mediaOrigin] : [])],
        "connect-src": [...(isDevelopment ? ["'self'", "ws:"] : ["'self'"]), ...(rollbarOrigin ? [rollbarOrigin] : [])],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: isDevelopment ? false : { maxAge: 31_536_000, includeSubDomains: true },
  }),
);

// Cross-origin writes, `?_data=`, oversized or non-form bodies: refused on every path, shown as a page.
app.use(requestGuard(remix));

// Fingerprinted build assets never change: cache them for a year. Other public files for an hour.
// Scripts and stylesheets go as the .br/.gz copies the build made (server/precompress-assets.ts),
// so `compression` leaves them be: no per-request work for a first visit's largest download.
const buildAssets = expressStaticGzip(path.join(root, "public/build"), {
  enableBrotli: true,
  orderPreference: ["br"],
  index: false,
  serveStatic: { immutable: true, maxAge: "1y" },
});
app.use("/build", (req, res, next) => {
  // A malformed path gets the 400 every other path gets (errorHandler), not the library's own text.
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(Object.assign(new URIError("malformed path"), { status: 400 }));
  }
  return buildAssets(req, res, next);
});
// Only paths that look like files reach the disk: a page request must not cost a stat() call, nor a
// single-fetch data request (`/_root.data`, `/@ana.data`: every navigation with JavaScript on).
const publicFiles = express.static(path.join(root, "public"), { maxAge: "1h", index: false });
const looksLikeAFile = (pathname: string) => /\.[a-z0-9]+$/i.test(pathname) && !pathname.endsWith(".data");
app.use((req, res, next) => (looksLikeAFile(req.path) ? publicFiles(req, res, next) : next()));

// Signed-out pages that opt in are served from memory for up to a second (ADR 010).
app.use(pageCache({ enabled: process.env.PAGE_CACHE !== "0" }));
app.all("*", remix);
app.use(errorHandler());

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  log("info", `Cruddur listening on http://localhost:${port}`, { port });
  if (isDevelopment) void broadcastDevReady(build);
});

/** Stops taking requests, lets the running ones finish, then flushes the telemetry (≤ 10 s in all). */
function shutdown(signal: string) {
  log("info", `${signal} received: closing the server`, { signal });
  // Set by the OpenTelemetry preload (server/instrumentation.ts, TELEMETRY_SHUTDOWN) when tracing is on.
  const flushTelemetry = existingSingleton<() => Promise<void>>("telemetry.shutdown");
  server.close(() => {
    void Promise.race([flushTelemetry?.(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]).finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
