// The time zone asked at sign-up (docs/product.md §8, ADR 037) is kept in the browser's `tz` cookie and
// becomes the account's on its first sign-in, so the account's other devices show the same times; a
// zone saved in Settings is never overwritten, and a cookie that is no zone changes nothing. Through
// the app's own pages, against the production build and a real cognito-local.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("tzsignin");
const PASSWORD = "correct horse battery";

function send(pathname: string, { form, cookie }: { form?: Record<string, string>; cookie?: string } = {}) {
  return fetch(`${server.url}${pathname}`, {
    method: form ? "POST" : "GET",
    body: form ? new URLSearchParams(form) : undefined,
    headers: { "X-Forwarded-For": `198.18.${Math.floor(Math.random() * 250)}.1`, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: "manual",
  });
}

/** Signs up through /signup with `timeZone` (when given) and confirms; returns the account and the `tz` cookie set. */
async function signUp(timeZone?: string) {
  const stamp = `${Date.now()}${randomBytes(2).toString("hex")}`;
  const account = { name: "Zone Tester", email: `zone.${stamp}@example.com`, handle: `zone_${stamp.slice(-10)}` };
  const response = await send("/signup", { form: { ...account, password: PASSWORD, ...(timeZone ? { timeZone } : {}) } });
  expect(response.status).toBe(302);
  const tz = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("tz="))
    ?.split(";")[0];
  const code = await server.confirmationCode(account.email);
  expect((await send("/confirm", { form: { intent: "confirm", email: account.email, code: code! } })).status).toBe(302);
  return { account, tz };
}

const zoneOf = async (email: string) => (await prisma.user.findFirstOrThrow({ where: { email }, select: { timeZone: true } })).timeZone;

describe("the time zone chosen at sign-up", () => {
  it("becomes the account's at its first sign-in", async () => {
    const { account, tz } = await signUp("Asia/Tokyo");
    expect(tz).toBe("tz=Asia%2FTokyo");
    expect(await zoneOf(account.email)).toBeNull();
    expect((await send("/signin", { form: { email: account.email, password: PASSWORD }, cookie: tz })).status).toBe(302);
    expect(await zoneOf(account.email)).toBe("Asia/Tokyo");
  });

  it("never overwrites a zone saved in Settings, and a cookie that is no zone changes nothing", async () => {
    const saved = await signUp();
    await prisma.user.updateMany({ where: { email: saved.account.email }, data: { timeZone: "Europe/Paris" } });
    expect((await send("/signin", { form: { email: saved.account.email, password: PASSWORD }, cookie: "tz=Asia%2FTokyo" })).status).toBe(302);
    expect(await zoneOf(saved.account.email)).toBe("Europe/Paris");

    const unset = await signUp();
    expect((await send("/signin", { form: { email: unset.account.email, password: PASSWORD }, cookie: "tz=Mars%2FOlympus" })).status).toBe(302);
    expect(await zoneOf(unset.account.email)).toBeNull();
  });
});
