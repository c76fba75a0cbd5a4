// A suspended account cannot sign in (docs/product.md §10), end to end over HTTP: the production build with a real
// cognito-local (as tests/security/rate-limits.test.ts). The right password gets a 403 and the clear
// message, and no session; lifting the suspension lets it in again. Needs `npm run build`.
import { expect, it } from "vitest";
import { SUSPENDED_MESSAGE } from "~/auth/account.server";
import { prisma } from "~/db.server";
import { withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("suspended");

const send = (pathname: string, form: Record<string, string>) =>
  fetch(`${server.url}${pathname}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });

it("refuses a suspended account's right password with a clear message and no session; unsuspended, it signs in", async () => {
  const account = {
    name: "Suspended Tester",
    email: `suspended.${Date.now()}@example.com`,
    handle: `suspended_${Date.now() % 100_000}`,
    password: "correct horse battery",
  };
  expect((await send("/signup", account)).status).toBe(302);
  const code = await server.confirmationCode(account.email);
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
