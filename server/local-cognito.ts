// Cognito on a laptop (SPEC §4): cognito-local for `npm run dev` and the e2e suite, with the real
// Post Confirmation handler (lambda/post-confirmation.ts) behind a local Lambda invoke endpoint, so a
// confirmation takes the same path as in AWS: Cognito → Lambda Invoke API → handler → PostgreSQL.
//
//   app ──► :port  a thin front (this process): forwards to cognito-local, except the few calls
//                  cognito-local 5.3 gets wrong or lacks (see FRONT below)
//                    └──► cognito-local (child process, a free port, data in <dataDir>/.cognito/)
//                           └── PostConfirmation ──► :lambdaPort POST /2015-03-31/functions/postConfirmation/invocations
//                                                     └──► handler(event) ──► DATABASE_URL
//
// Codes are printed through `log` as `[cognito] confirmation code for <email>: 123456` (sign-up, resend)
// or `[cognito] password-reset code for <email>: 123456`, and can be read with readConfirmationCode().
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import { createServer as createNetServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type PasswordPolicyType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { PASSWORD_MIN } from "../app/auth/validation";
import { __resetPoolForTests, handler as postConfirmation } from "../lambda/post-confirmation";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
export const LOCAL_POOL_NAME = "cruddur-local";
export const LOCAL_CLIENT_NAME = "cruddur-web";
const LAMBDA_FUNCTION = "postConfirmation";

/**
 * The app's rule (length, not composition: NIST 800-63B), the same as the AWS pool in
 * cdk/lib/auth.ts and the form's check in app/auth/validation.ts.
 */
export const LOCAL_PASSWORD_POLICY: PasswordPolicyType = {
  MinimumLength: PASSWORD_MIN,
  RequireLowercase: false,
  RequireUppercase: false,
  RequireNumbers: false,
  RequireSymbols: false,
  TemporaryPasswordValidityDays: 7,
};

export interface LocalCognitoOptions {
  /** Where the app talks to Cognito: `http://127.0.0.1:<port>` (COGNITO_ENDPOINT). */
  port: number;
  /** cognito-local's working directory: its data lives in `<dataDir>/.cognito/`. */
  dataDir: string;
  /** The database the Post Confirmation handler writes to. */
  databaseUrl: string;
  /** The local Lambda invoke endpoint; default port + 1. */
  lambdaPort?: number;
  /** Where cognito-local's output and the confirmation codes go; default console.log. */
  log?: (line: string) => void;
  /** Only used when the pool is created (an existing pool keeps its policy). */
  passwordPolicy?: PasswordPolicyType;
}

export interface LocalCognito {
  userPoolId: string;
  clientId: string;
  /** COGNITO_ENDPOINT for the app; also the token issuer's origin (`<endpoint>/<userPoolId>`). */
  endpoint: string;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The emulator's data

interface StoredUser {
  Username: string;
  UserStatus?: string;
  ConfirmationCode?: string;
  Attributes?: { Name: string; Value?: string }[];
}

/**
 * cognito-local's data file. Its store (stormdb) rewrites the file whole with `fs.writeFile` and does not
 * wait for one write to end before starting the next: a read can land mid-write (retried), and two
 * overlapping writes can leave a complete document followed by the tail of a longer, older one until
 * the next write. Then the complete document at the front is the data.
 */
async function readJson<T>(file: string): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      if (attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      const end = /after JSON at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
      if (end) return JSON.parse(text.slice(0, Number(end))) as T;
      throw error;
    }
  }
}

function poolFile(dataDir: string, userPoolId: string) {
  return path.join(dataDir, ".cognito", "db", `${path.basename(userPoolId)}.json`);
}

async function findUser(dataDir: string, userPoolId: string, email: string): Promise<StoredUser | undefined> {
  const data = await readJson<{ Users?: Record<string, StoredUser> }>(poolFile(dataDir, userPoolId));
  const users = Object.values(data?.Users ?? {});
  const emailOf = (user: StoredUser) => user.Attributes?.find((a) => a.Name === "email")?.Value;
  return users.find((user) => emailOf(user) === email) ?? users.find((user) => emailOf(user)?.toLowerCase() === email.toLowerCase());
}

/**
 * The code cognito-local last sent to `email`: the sign-up confirmation code, or, after ForgotPassword,
 * the password-reset code. cognito-local keeps both in the same field, `Users[<sub>].ConfirmationCode`
 * of `<dataDir>/.cognito/db/<userPoolId>.json` (ForgotPassword overwrites it; ConfirmSignUp and
 * ConfirmForgotPassword clear it), so this returns whichever is outstanding, or undefined.
 */
export async function readConfirmationCode(dataDir: string, userPoolId: string, email: string): Promise<string | undefined> {
  return (await findUser(dataDir, userPoolId, email))?.ConfirmationCode ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A Cognito error as AWS (and cognito-local) sends it; amazon-cognito-identity-js reads `__type`. */
function sendCognitoError(res: http.ServerResponse, type: string, message: string) {
  sendJson(res, 400, { __type: type, message }, { "x-amzn-errortype": type });
}

// ---------------------------------------------------------------------------------------------
// The Lambda invoke endpoint

/**
 * Lambda's Invoke API as cognito-local (aws-sdk v2, RequestResponse) calls it. A result is 200 with
 * the handler's JSON; cognito-local uses `JSON.parse(body).response`. A thrown error is what Lambda
 * sends for a function error: 200, `X-Amz-Function-Error: Unhandled`, `{errorType, errorMessage}`.
 */
function createLambdaServer(log: (line: string) => void): http.Server {
  return http.createServer((req, res) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split("?")[0] ?? "");
      const body = await readBody(req);
      if (req.method !== "POST" || !match) return sendJson(res, 404, { Type: "User", message: "Not found" }, { "x-amzn-errortype": "ResourceNotFoundException" });
      const name = decodeURIComponent(match[1] ?? "");
      if (name !== LAMBDA_FUNCTION) {
        return sendJson(res, 404, { Type: "User", message: `Function not found: ${name}` }, { "x-amzn-errortype": "ResourceNotFoundException" });
      }
      const deadline = Date.now() + 5_000;
      try {
        const event = JSON.parse(body.toString("utf8")) as PostConfirmationTriggerEvent;
        const result = await postConfirmation(event, { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => deadline - Date.now() });
        sendJson(res, 200, result, { "content-type": "application/json" });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        log(`[lambda] ${name} failed: ${err.message}`);
        sendJson(res, 200, { errorType: err.name, errorMessage: err.message }, { "content-type": "application/json", "x-amz-function-error": "Unhandled" });
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// FRONT: what the app talks to. Everything is forwarded to cognito-local unchanged, except where
// cognito-local 5.3 differs from Cognito in a way the app can see:
//  - ResendConfirmationCode does not exist in cognito-local (it answers CognitoLocal#Unsupported):
//    answered here by delivering the user's outstanding code again (same code, new log line).
//  - InitiateAuth (USER_PASSWORD_AUTH) with a wrong password answers InvalidPasswordException and, for
//    an unknown user, NotAuthorizedException "User not authorized"; Cognito (with user-existence errors
//    prevented, as cdk/lib/auth.ts sets) answers NotAuthorizedException "Incorrect username or password." to both.
//  - SignUp and ConfirmForgotPassword accept any password; Cognito enforces the pool's policy
//    (InvalidPasswordException "Password did not conform with policy: …").
//  - ConfirmSignUp for a confirmed user answers ExpiredCodeException; Cognito answers
//    NotAuthorizedException "User cannot be confirmed. Current status is CONFIRMED".

/** The calls after which cognito-local holds a code it would have emailed, and what the code is for. */
const CODE_DELIVERIES: Record<string, string> = { SignUp: "confirmation", ForgotPassword: "password-reset" };

function maskEmail(email: string) {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** Cognito's checks, in Cognito's order and words; undefined when the password is acceptable. */
export function passwordPolicyViolation(password: string, policy: PasswordPolicyType | undefined): string | undefined {
  if (!policy) return undefined;
  if (password.length < (policy.MinimumLength ?? 8)) return "Password not long enough";
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return "Password must have lowercase characters";
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return "Password must have uppercase characters";
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return "Password must have numeric characters";
  if (policy.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) return "Password must have symbol characters";
  return undefined;
}

interface FrontContext {
  dataDir: string;
  upstreamPort: number;
  userPoolId: () => string | undefined;
  passwordPolicy: () => PasswordPolicyType | undefined;
  log: (line: string) => void;
}

function forward(req: http.IncomingMessage, body: Buffer, upstreamPort: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `${HOST}:${upstreamPort}`, "content-length": String(body.length) };
    const upstream = http.request({ host: HOST, port: upstreamPort, method: req.method, path: req.url, headers }, (response) => {
      readBody(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}

function createFrontServer(ctx: FrontContext): http.Server {
  // cognito-local reads and rewrites a whole JSON file per call: calls that overlap lose each other's
  // writes (a code, a user) or leave a torn file. The front lets one call through at a time.
  let previous: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = previous.then(work, work);
    previous = run.catch(() => undefined);
    return run;
  };
  return http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      await oneAtATime(() => answer(req, res, body));
    })().catch((error: unknown) => {
      ctx.log(`[cognito] front error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 502, { __type: "InternalErrorException", message: "cognito-local is not answering" });
      else res.destroy();
    });
  });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "").split(".").pop() ?? "";
    const request = (() => {
      try {
        return JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        return {};
      }
    })();
    const poolId = ctx.userPoolId();
    const username = typeof request.Username === "string" ? request.Username : undefined;

    if (target === "ResendConfirmationCode" && poolId) {
      const user = username ? await findUser(ctx.dataDir, poolId, username) : undefined;
      if (!user) return sendCognitoError(res, "UserNotFoundException", "Username/client id combination not found.");
      if (user.UserStatus === "CONFIRMED") return sendCognitoError(res, "InvalidParameterException", "User is already confirmed.");
      const email = user.Attributes?.find((a) => a.Name === "email")?.Value ?? username ?? "";
      if (!user.ConfirmationCode) return sendCognitoError(res, "InvalidParameterException", "No confirmation code is outstanding for this user.");
      ctx.log(`[cognito] confirmation code for ${email}: ${user.ConfirmationCode} (resent)`);
      return sendJson(res, 200, { CodeDeliveryDetails: { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: maskEmail(email) } });
    }

    if ((target === "SignUp" || target === "ConfirmForgotPassword") && typeof request.Password === "string") {
      const violation = passwordPolicyViolation(request.Password, ctx.passwordPolicy());
      if (violation) return sendCognitoError(res, "InvalidPasswordException", `Password did not conform with policy: ${violation}`);
    }

    if (target === "ConfirmSignUp" && poolId && username) {
      const user = await findUser(ctx.dataDir, poolId, username);
      if (user?.UserStatus === "CONFIRMED") {
        return sendCognitoError(res, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED");
      }
    }

    const upstream = await forward(req, body, ctx.upstreamPort);
    // The code cognito-local "emailed", printed from its data (complete: calls run one at a time) before
    // the caller hears back: one line per sign-up and reset, whatever cognito-local itself prints.
    const delivered = CODE_DELIVERIES[target];
    if (delivered && upstream.status === 200 && poolId && username) {
      const user = await findUser(ctx.dataDir, poolId, username);
      const email = user?.Attributes?.find((a) => a.Name === "email")?.Value ?? username;
      if (user?.ConfirmationCode) ctx.log(`[cognito] ${delivered} code for ${email}: ${user.ConfirmationCode}`);
      else ctx.log(`[cognito] no ${delivered} code stored for ${email}`);
    }
    if (target === "InitiateAuth" && request.AuthFlow === "USER_PASSWORD_AUTH" && upstream.status === 400) {
      const error = JSON.parse(upstream.body.toString("utf8") || "{}") as { __type?: string };
      if (error.__type === "InvalidPasswordException" || error.__type === "NotAuthorizedException") {
        return sendCognitoError(res, "NotAuthorizedException", "Incorrect username or password.");
      }
    }
    const headers = { ...upstream.headers };
    delete headers["transfer-encoding"];
    headers["content-length"] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  }
}

// ---------------------------------------------------------------------------------------------
// cognito-local's output

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, "g");

/**
 * Turns cognito-local's pino-pretty lines into readable ones. Its "Confirmation Code Delivery" boxes
 * are dropped: the front prints each code from the emulator's data (CODE_DELIVERIES).
 */
function createOutputFilter(log: (line: string) => void) {
  let inBox = false;
  let pending = "";
  const handleLine = (raw: string) => {
    const line = raw.replace(ANSI, "").trimEnd();
    if (!line.trim()) return;
    if (line.includes("╭")) inBox = true; // a boxen box: the code delivery (the only one cognito-local draws)
    if (inBox) {
      if (line.includes("╰")) inBox = false;
      return;
    }
    // Noise: the aws-sdk v2 end-of-support notice, per-request chatter.
    if (/AWS SDK for JavaScript \(v2\)|no longer receive updates|migrate your code|a\.co\/|trace-warnings|^\s*$/.test(line)) return;
    if (/Cognito Local running on/.test(line)) return;
    log(`[cognito] ${line.replace(/^\[\d+\]\s*/, "")}`);
  };
  return (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) handleLine(line);
  };
}

// ---------------------------------------------------------------------------------------------

async function waitForHealth(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited with code ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`http://${HOST}:${port}/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`cognito-local did not answer on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ensurePoolAndClient(cognito: CognitoIdentityProviderClient, passwordPolicy: PasswordPolicyType) {
  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === LOCAL_POOL_NAME)?.Id;
  let created = false;
  if (!userPoolId) {
    const result = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_POOL_NAME,
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Policies: { PasswordPolicy: passwordPolicy },
        Schema: [
          { Name: "email", AttributeDataType: "String", Required: true, Mutable: true },
          { Name: "name", AttributeDataType: "String", Required: true, Mutable: true },
          { Name: "preferred_username", AttributeDataType: "String", Required: true, Mutable: true },
        ],
      }),
    );
    userPoolId = result.UserPool?.Id;
    if (!userPoolId) throw new Error("cognito-local created a user pool without an id");
    created = true;
  }
  const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((client) => client.ClientName === LOCAL_CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const result = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: LOCAL_CLIENT_NAME,
        GenerateSecret: false,
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
      }),
    );
    clientId = result.UserPoolClient?.ClientId;
    if (!clientId) throw new Error("cognito-local created an app client without an id");
  }
  const described = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  return { userPoolId, clientId, created, passwordPolicy: described.UserPool?.Policies?.PasswordPolicy };
}

/**
 * Starts cognito-local (a child process), the local Lambda invoke endpoint and the front the app
 * talks to; creates the user pool and app client on first use and reuses them afterwards (they are
 * found by name in `<dataDir>/.cognito`). Sets `process.env.DATABASE_URL` for the handler.
 */
export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const log = options.log ?? ((line: string) => console.log(line));
  const lambdaPort = options.lambdaPort ?? options.port + 1;
  const endpoint = `http://${HOST}:${options.port}`;
  const cognitoDir = path.join(options.dataDir, ".cognito");
  await mkdir(path.join(cognitoDir, "db"), { recursive: true });

  // The handler reads DATABASE_URL when it first connects; a different database needs a new pool.
  if (process.env.DATABASE_URL !== options.databaseUrl) {
    process.env.DATABASE_URL = options.databaseUrl;
    await __resetPoolForTests();
  }

  // cognito-local's config: our Lambda endpoint as its PostConfirmation trigger, and tokens issued by
  // the front's origin (the app derives the issuer and JWKS URL from COGNITO_ENDPOINT).
  const configFile = path.join(cognitoDir, "config.json");
  const previous = (await readJson<Record<string, unknown>>(configFile).catch(() => undefined)) ?? {};
  const config = {
    ...previous,
    LambdaClient: {
      endpoint: `http://${HOST}:${lambdaPort}`,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    },
    TriggerFunctions: { PostConfirmation: LAMBDA_FUNCTION },
    TokenConfig: { IssuerDomain: endpoint },
  };
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);

  const upstreamPort = await freePort();
  let pool: Awaited<ReturnType<typeof ensurePoolAndClient>> | undefined;
  const front = createFrontServer({
    dataDir: options.dataDir,
    upstreamPort,
    userPoolId: () => pool?.userPoolId,
    passwordPolicy: () => pool?.passwordPolicy,
    log,
  });
  const lambdaServer = createLambdaServer(log);
  let child: ChildProcess | undefined;
  const killChild = () => child?.kill("SIGTERM");

  const stop = async () => {
    process.off("exit", killChild);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child?.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child?.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.all([close(lambdaServer), close(front)]);
    await __resetPoolForTests(); // the handler's connection, so the database can go away cleanly
  };

  try {
    // Ports first: a port in use fails in milliseconds, before anything is started.
    await listen(front, options.port);
    await listen(lambdaServer, lambdaPort);

    child = spawn(process.execPath, [path.join(root, "node_modules/cognito-local/lib/bin/start.js")], {
      cwd: options.dataDir,
      env: { ...process.env, PORT: String(upstreamPort), HOST, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1", DEBUG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    process.once("exit", killChild);
    const filter = createOutputFilter(log);
    child.stdout?.on("data", filter);
    child.stderr?.on("data", filter);
    child.on("exit", (code, signal) => {
      if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGKILL") log(`[cognito] cognito-local stopped (exit ${code ?? signal})`);
    });
    await waitForHealth(upstreamPort, child, 20_000);

    const cognito = new CognitoIdentityProviderClient({
      endpoint: `http://${HOST}:${upstreamPort}`,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    pool = await ensurePoolAndClient(cognito, options.passwordPolicy ?? LOCAL_PASSWORD_POLICY);
    cognito.destroy();
    log(
      `[cognito] cognito-local on ${endpoint} (pool ${pool.userPoolId}${pool.created ? ", created" : ""}, client ${pool.clientId}); ` +
        `PostConfirmation → http://${HOST}:${lambdaPort}; data in ${cognitoDir}`,
    );
    return { userPoolId: pool.userPoolId, clientId: pool.clientId, endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
