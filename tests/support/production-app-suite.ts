// The one harness for Vitest suites against the production build over real HTTP (tests/integration,
// tests/security): `withProductionApp()` starts the server for the file (or describe block) and stops
// it after, `withProductionAppAndCognito()` gives it a cognito-local of its own; signed-in cookies and a
// fingerprint of the database (to prove a refused request changed nothing). Everything of
// production-app.ts (receivers, output, the route manifest) is re-exported, so a suite imports one module.
// The app's own modules are imported when first needed, never by importing this one: a suite that
// configures a module through the environment before importing it (Rollbar) must get it fresh.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { readConfirmationCode, startLocalCognito, type LocalCognito } from "../../server/local-cognito/index";
import { freePort, startApp, type AppServer } from "./production-app";

export * from "./production-app";

type Env = Record<string, string | undefined>;

/**
 * The production app for the test file (or `describe` block) that calls this at its top: started in a
 * `beforeAll` with `env` (or what `env()` returns then, for values known only once other hooks ran,
 * such as a receiver's URL), stopped in an `afterAll`. The returned object reads the running server.
 */
export function withProductionApp(env: Env | (() => Env | Promise<Env>) = {}, options: Parameters<typeof startApp>[1] = {}): AppServer {
  let app: AppServer | undefined;
  beforeAll(async () => {
    app = await startApp(typeof env === "function" ? await env() : env, options);
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
  });
  const running = () => {
    if (!app) throw new Error("the production app is not running (withProductionApp starts it in beforeAll)");
    return app;
  };
  return {
    get url() {
      return running().url;
    },
    get process() {
      return running().process;
    },
    output: () => running().output(),
    stop: () => running().stop(),
  };
}

/**
 * As `withProductionApp`, signing people up and in against a cognito-local of its own (its Post
 * Confirmation trigger the real Lambda). `confirmationCode` reads the code Cognito "sent".
 */
export function withProductionAppAndCognito(name: string): AppServer & {
  confirmationCode: (email: string) => Promise<string | undefined>;
  /** Its Cognito API, for calls a test makes as the user (tests/support/totp.ts). */
  cognitoApi: () => { endpoint: string; clientId: string };
} {
  let cognito: LocalCognito | undefined;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `cruddur-${name}-`));
    cognito = await startLocalCognito({ port: await freePort(), lambdaPort: await freePort(), dataDir, databaseUrl: process.env.DATABASE_URL!, log: () => {} });
  }, 60_000);
  afterAll(async () => {
    await cognito?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const app = withProductionApp(() => ({
    COGNITO_USER_POOL_ID: cognito!.userPoolId,
    COGNITO_CLIENT_ID: cognito!.clientId,
    COGNITO_ENDPOINT: cognito!.endpoint,
  }));
  return Object.assign(app, {
    confirmationCode: (email: string) => readConfirmationCode(dataDir, cognito!.userPoolId, email),
    cognitoApi: () => ({ endpoint: cognito!.endpoint, clientId: cognito!.clientId }),
  });
}

/**
 * A request to `app` as one visitor: from `ip` (as the ALB puts it in X-Forwarded-For: the rate limits
 * count by it), a GET, or a POST of `form`; with `cookie` when signed in; redirects not followed.
 */
export function sendAs(app: { url: string }, pathname: string, { ip, form, cookie }: { ip: string; form?: Record<string, string>; cookie?: string }) {
  return fetch(`${app.url}${pathname}`, {
    method: form ? "POST" : "GET",
    body: form ? new URLSearchParams(form) : undefined,
    headers: { "X-Forwarded-For": ip, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: "manual",
  });
}

/**
 * A confirmed account made as a person makes one: the sign-up form, then the emailed code (read from the
 * suite's cognito-local), both from `ip` (sign-ups are limited per IP). Its handle and email are unique.
 */
export async function signedUpAccount(
  server: { url: string; confirmationCode: (email: string) => Promise<string | undefined> },
  { prefix, name, password, ip }: { prefix: string; name: string; password: string; ip: string },
) {
  const { prisma } = await import("~/db.server");
  const id = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 100)}`;
  const account = { name, email: `${prefix}.${id}@example.com`, handle: `${prefix}_${id}`, password };
  expect((await sendAs(server, "/signup", { ip, form: account })).status).toBe(302);
  const code = await server.confirmationCode(account.email);
  expect((await sendAs(server, "/confirm", { ip, form: { intent: "confirm", email: account.email, code: code! } })).status).toBe(302);
  const user = await prisma.user.findUniqueOrThrow({ where: { handle: account.handle }, select: { id: true } });
  return { ...account, userId: user.id };
}

/** The Cookie header of a fresh session for `userId`, as the server would have set it. */
export async function sessionCookie(userId: string): Promise<string> {
  const { createSession } = await import("~/auth/session.server");
  return (await createSession(userId)).split(";")[0]!;
}

/** One md5 per table over all its rows: equal fingerprints, unchanged data. */
export async function databaseFingerprint(): Promise<Record<string, string>> {
  const { queryRows } = await import("~/db.server");
  const { Prisma } = await import("~/generated/prisma/client");
  const tables = await queryRows<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`;
  const fingerprint: Record<string, string> = {};
  for (const { name } of tables) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const [row] = await queryRows<{ md5: string }>`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${Prisma.raw(quoted)} t`;
    fingerprint[name] = row!.md5;
  }
  return fingerprint;
}
