// Rollbar for server errors (Remix handleError, the Express error path, uncaught exceptions) and
// the browser configuration. Off when ROLLBAR_ACCESS_TOKEN is unset. Reporting is fire-and-forget:
// an unreachable Rollbar only costs a failed background request, never a slow or broken response.
//
// One instance per process (app/db/singleton.server.ts): build/server.js and build/index.js both import this module.
import Rollbar from "rollbar";
import { env } from "~/env.server";
import { singleton } from "~/db/singleton.server";
import { getRequestContext } from "./request-context.server";
import { isSensitiveKey, redact, SCRUB_FIELDS, SCRUB_HEADERS, SCRUBBED, scrubUrl } from "./scrub";

const DEFAULT_ENDPOINT = "https://api.rollbar.com/api/1/";

/** ROLLBAR_ENDPOINT (or Rollbar's API) with the trailing slash the item path is appended to. */
function apiBase(): string {
  const base = env().ROLLBAR_ENDPOINT ?? DEFAULT_ENDPOINT;
  return base.endsWith("/") ? base : `${base}/`;
}

function environment(): string {
  return env().ROLLBAR_ENVIRONMENT ?? env().NODE_ENV;
}

/** The process's Rollbar notifier, or null when ROLLBAR_ACCESS_TOKEN is unset. */
export function getRollbar(): Rollbar | null {
  return singleton("rollbar", createRollbar);
}

function createRollbar(): Rollbar | null {
  const { ROLLBAR_ACCESS_TOKEN, APP_VERSION } = env();
  return ROLLBAR_ACCESS_TOKEN
    ? new Rollbar({
        accessToken: ROLLBAR_ACCESS_TOKEN,
        endpoint: `${apiBase()}item/`, // rollbar 3.x posts to this URL as is
        environment: environment(),
        codeVersion: APP_VERSION,
        // Uncaught exceptions are reported by installUncaughtHandlers (which then exits 1): the
        // library's own handler would swallow them and keep a broken process alive (ADR 008).
        captureUncaught: false,
        captureUnhandledRejections: false,
        captureIp: "anonymize",
        scrubFields: SCRUB_FIELDS,
        scrubHeaders: SCRUB_HEADERS,
        scrubRequestBody: true,
        // Our own net over the whole item, after Rollbar's scrubber.
        transform: (data) => scrubInPlace(data),
        maxRetries: 0,
        timeout: 3_000,
        logLevel: "error",
        reportLevel: "error",
        verbose: false,
      })
    : null;
}

function scrubInPlace(data: Record<string, unknown>) {
  for (const [key, value] of Object.entries(data)) data[key] = isSensitiveKey(key) ? SCRUBBED : redact(value);
}

/** The parts of a Fetch or Express request that may go into a report, already scrubbed. */
export type ReportRequest = { method: string; url: string; headers: Headers | Record<string, string | string[] | undefined>; ip?: string };

function requestForRollbar(request: ReportRequest) {
  const headers: Record<string, string> = {};
  const entries = request.headers instanceof Headers ? [...request.headers.entries()] : Object.entries(request.headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    headers[name] = isSensitiveKey(name) ? SCRUBBED : Array.isArray(value) ? value.join(", ") : value;
  }
  const url = new URL(request.url, `http://${headers.host ?? "localhost"}`);
  return {
    method: request.method,
    url: scrubUrl(`${url.pathname}${url.search}`),
    protocol: url.protocol.replace(/:$/, ""),
    headers,
    ip: request.ip,
  };
}

/**
 * Reports `error` to Rollbar with the request (scrubbed), the request id shown on the 500 page and
 * the user id. Returns at once; the promise settles when Rollbar answered or gave up (tests wait on it).
 */
export function reportError(error: unknown, request?: ReportRequest): Promise<void> {
  let rollbar: Rollbar | null;
  try {
    rollbar = getRollbar();
  } catch {
    return Promise.resolve(); // an invalid environment: the boot reports it
  }
  if (!rollbar) return Promise.resolve();
  const context = getRequestContext();
  const custom = {
    requestId: context?.requestId ?? (request?.headers instanceof Headers ? request.headers.get("x-request-id") : undefined),
    userId: context?.userId,
  };
  const args: Rollbar.LogArgument[] = [error instanceof Error ? error : new Error(String(error))];
  if (request) args.push(requestForRollbar(request));
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5_000);
    timer.unref();
    rollbar.error(...args, custom, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** What the browser snippet (rollbar-client.tsx) needs; null when ROLLBAR_CLIENT_TOKEN is unset. */
export type RollbarClientConfig = { accessToken: string; endpoint: string; environment: string; codeVersion?: string };

export function getRollbarClientConfig(): RollbarClientConfig | null {
  const { ROLLBAR_CLIENT_TOKEN, APP_VERSION } = env();
  if (!ROLLBAR_CLIENT_TOKEN) return null;
  return { accessToken: ROLLBAR_CLIENT_TOKEN, endpoint: `${apiBase()}item/`, environment: environment(), codeVersion: APP_VERSION };
}

/** The origin the browser posts to (the CSP's connect-src needs it), or null. */
export function rollbarClientOrigin(): string | null {
  const config = getRollbarClientConfig();
  return config ? new URL(config.endpoint).origin : null;
}

/**
 * Uncaught exceptions (and unhandled rejections, which Node turns into them): one structured log
 * line, a Rollbar report (waited for at most 2 s), then exit 1 so the orchestrator restarts a
 * clean process. Never swallowed (ADR 008), never a hang on an unreachable Rollbar.
 */
export function installUncaughtHandlers(log: (error: unknown) => void): void {
  let exiting = false;
  process.on("uncaughtException", (error) => {
    if (exiting) return;
    exiting = true;
    log(error);
    setTimeout(() => process.exit(1), 2_000).unref();
    void reportError(error).finally(() => process.exit(1));
  });
}
