// Cognito on a laptop (docs/product.md §4): cognito-local for `npm run dev` and the e2e suite, with the real
// Post Confirmation handler (lambda/post-confirmation.ts) behind a local Lambda invoke endpoint, so a
// confirmation takes the same path as in AWS: Cognito → Lambda Invoke API → handler → PostgreSQL.
//
//   app ──► :port  a thin front (this process): forwards to cognito-local, except the few calls
//                  cognito-local 5.3 gets wrong or lacks (see front.ts; AdminSetUserMFAPreference: admin-mfa.ts)
//                    └──► cognito-local (child process, a free port, data in <dataDir>/.cognito/)
//                           └── PostConfirmation ──► :lambdaPort POST /2015-03-31/functions/postConfirmation/invocations
//                                                     └──► handler(event) ──► DATABASE_URL
//
// Codes are printed through `log` as `[cognito] confirmation code for <email>: 123456` (sign-up, resend)
// or `[cognito] password-reset code for <email>: 123456`, and can be read with readConfirmationCode().
//
// The parts: process.ts (cognito-local and its output), front.ts (the front), lambda.ts (the Lambda
// invoke endpoint), data.ts (cognito-local's data file), pool.ts (the pool and app client), admin-mfa.ts
// (AdminSetUserMFAPreference), http.ts.
import type { ChildProcess } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { CognitoIdentityProviderClient, type PasswordPolicyType } from "@aws-sdk/client-cognito-identity-provider";
import { __resetPoolForTests } from "../../lambda/post-confirmation";
import { readJson } from "./data";
import { createFrontServer } from "./front";
import { close, freePort, HOST, listen } from "./http";
import { createLambdaServer, LAMBDA_FUNCTION } from "./lambda";
import { ensurePoolAndClient, LOCAL_PASSWORD_POLICY } from "./pool";
import { spawnCognitoLocal, waitForHealth } from "./process";

export { readConfirmationCode } from "./data";
export { passwordPolicyViolation } from "./front";
export { LOCAL_CLIENT_NAME, LOCAL_PASSWORD_POLICY, LOCAL_POOL_NAME } from "./pool";

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
    clientId: () => pool?.clientId,
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

    child = spawnCognitoLocal(options.dataDir, upstreamPort, log);
    process.once("exit", killChild);
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
