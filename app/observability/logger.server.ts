// The one logger: JSON lines on stdout (info) and stderr (warn, error), which CloudWatch Logs
// collects in ECS. Never pass cookies, tokens or passwords in `fields`; `redact` runs anyway.
// No dependencies but ./scrub and ./cloudwatch-contract: the Post Confirmation Lambda
// (lambda/post-confirmation.ts) bundles it too.
import { REQUEST_LOG } from "./cloudwatch-contract";
import { redact } from "./scrub";

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

/** The one log line format: `{"time":…,"level":…,"msg":…, …fields}`, the fields redacted. */
export function formatLogLine(level: LogLevel, msg: string, fields: LogFields = {}): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...(redact(fields) as LogFields) });
}

/**
 * Set by the HTTP host (server/request-log.ts): the fields naming the request a warning or an error is
 * written in (its request id), and the note that it wrote one. Kept on globalThis because the host
 * (build/server.js) and the Remix app (build/index.js) each bundle a copy of this module (as
 * app/db/singleton.server.ts explains; not imported, to keep this file free of dependencies). Unset
 * (the Lambda, scripts): nothing is added.
 */
const REQUEST_FIELDS = Symbol.for("cruddur.log.requestFields");
type Holder = { [REQUEST_FIELDS]?: () => LogFields | undefined };

export function setRequestFields(hook: (() => LogFields | undefined) | undefined): void {
  (globalThis as Holder)[REQUEST_FIELDS] = hook;
}

export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const request = level === "info" ? undefined : (globalThis as Holder)[REQUEST_FIELDS]?.();
  const line = formatLogLine(level, msg, request ? { ...request, ...fields } : fields);
  if (level === "info") process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/**
 * The request line, on the hot path: the fields are known to be safe, so no redaction walk. CloudWatch
 * counts these lines by `status` (a metric filter, cdk/lib/monitoring.ts): keep the msg and that field.
 */
export function logRequest(fields: LogFields): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "info", msg: REQUEST_LOG.msg, ...fields })}\n`);
}

export function serializeError(error: unknown): LogFields | string {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error);
}

export function logError(msg: string, error: unknown, fields: LogFields = {}): void {
  log("error", msg, { ...fields, error: serializeError(error) });
}
