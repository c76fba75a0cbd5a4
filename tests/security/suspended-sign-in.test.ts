// A suspended account cannot sign in (SPEC §10), end to end over HTTP: the production build with a real
// cognito-local (as tests/security/rate-limits.test.ts). The right password gets a 403 and the clear
// message, and no session; lifting the suspension lets it in again. Needs `npm run build`.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SUSPENDED_MESSAGE } from "~/auth/account.server";
import { prisma } from "~/db.server";
import { readConfirmationCode, startLocalCognito, type LocalCognito } from "../../server/local-cognito/index";
import { freePort, startApp, type AppServer } from "../observability/harness";

let app: AppServer;
let cognito: LocalCognito;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cruddur-suspended-"));
  cognito = await startLocalCognito({ port: await freePort(), lambdaPort: await freePort(), dataDir, databaseUrl: process.env.DATABASE_URL!, log: () => {} });
  app = await startApp({ COGNITO_USER_POOL_ID: cognito.userPoolId, COGNITO_CLIENT_ID: cognito.clientId, COGNITO_ENDPOINT: cognito.endpoint });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await cognito?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const send = (pathname: string, form: Record<string, string>) =>
  fetch(`${app.url}${pathname}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });

it("refuses a suspended account's right password with a clear message and no session; unsuspended, it signs in", async () => {
  const account = {
    name: "Suspended Tester",
    email: `suspended.${Date.now()}@example.com`,
    handle: `suspended_${Date.now() % 100_000}`,
    password: "correct horse battery",
  };
  expect((await send("/signup", account)).status).toBe(302);
  const code = await readConfirmationCode(dataDir, cognito.userPoolId, account.email);
  expect((await send("/confirm", { intent: "confirm", email: account.email, code: code! })).status).toBe(302);
  const signIn = () => send("/signin", { email: account.email, password: account.password, redirectTo: "/" });
  expect((await signIn()).status).toBe(302);
  const user = await prisma.user.findUniqueOrThrow({ where: { handle: account.handle }, select: { id: true } });

  await prisma.user.update({ where: { id: user.id }, data: { suspendedAt: new Date() } });
  await prisma.session.deleteMany({ where: { userId: user.id } });
  const refused = await signIn();
  expect(refused.status).toBe(403);
  expect(refused.headers.get("set-cookie")).toBeNull();
  expect(await refused.text()).toContain(SUSPENDED_MESSAGE.replaceAll("'", "&#x27;"));
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

  await prisma.user.update({ where: { id: user.id }, data: { suspendedAt: null } });
  const back = await signIn();
  expect(back.status).toBe(302);
  expect(back.headers.get("set-cookie")).toMatch(/session=/);
});
