// The sign-in's second step (ADR 039) over HTTP, against the production build and a cognito-local of its
// own with TOTP turned on for the account: the password alone signs nobody in; the code step without a
// first, with a forged or another browser's cookie, from another origin, with a malformed code, a wrong
// one, a replayed one, a sixth one, and over its limits. Needs `npm run build`.
import { beforeAll, describe, expect, it } from "vitest";
import { SUSPENDED_MESSAGE } from "~/auth/account.server";
import { CODES_SPENT, REPLAYED_TOTP_CODE, WRONG_TOTP_CODE } from "~/auth/two-step.server";
import { prisma } from "~/db.server";
import { countRequest } from "~/security/rate-limits.server";
import { sendAs, signedUpAccount, withProductionAppAndCognito } from "../support/production-app-suite";
import { enableTotp, wrongCode } from "../support/totp";

const server = withProductionAppAndCognito("two-step");
const html = (text: string) => text.replaceAll("'", "&#x27;");
const PASSWORD = "correct horse battery";

let signUps = 0;
async function newAccount(prefix: string) {
  // Sign-ups are limited per IP: each account comes from its own.
  const account = await signedUpAccount(server, { prefix, name: "Two Step", password: PASSWORD, ip: `198.51.100.${++signUps}` });
  return { ...account, app: await enableTotp(server.cognitoApi(), account.email, PASSWORD) };
}

const cookieNamed = (response: Response, name: RegExp) =>
  response.headers
    .getSetCookie()
    .find((cookie) => name.test(cookie))
    ?.split(";")[0];

/** The password step: the pending cookie (and no session) for an account with TOTP. */
async function passwordStep(account: { email: string }, ip: string): Promise<string> {
  const response = await sendAs(server, "/signin", { ip, form: { email: account.email, password: PASSWORD, redirectTo: "/notifications" } });
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("/signin/code");
  expect(cookieNamed(response, /_session=/)).toBeUndefined();
  const pending = cookieNamed(response, /cruddur_pending_sign_in=/);
  expect(pending).toBeDefined();
  return pending!;
}

const sendCode = (cookie: string | undefined, code: string, ip: string) => sendAs(server, "/signin/code", { ip, cookie, form: { intent: "verify", code } });

let ana: Awaited<ReturnType<typeof newAccount>>;
beforeAll(async () => {
  ana = await newAccount("ana");
}, 60_000);

describe("the second step", () => {
  it("signs in with the password and then a code; the page carries no email, password or Cognito session", async () => {
    const pending = await passwordStep(ana, "203.0.113.1");
    const page = await sendAs(server, "/signin/code", { ip: "203.0.113.1", cookie: pending });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain("Enter your code");
    expect(body).not.toContain(ana.email);
    expect(body).not.toContain(PASSWORD);
    const stored = await prisma.pendingSignIn.findMany({ select: { id: true, cognitoSession: true } });
    for (const row of stored) {
      expect(body).not.toContain(row.cognitoSession);
      // At rest, the row's id is a digest: the cookie's secret is nowhere in the table.
      expect(pending).not.toContain(row.id);
    }

    const signedIn = await sendCode(pending, ana.app.code(), "203.0.113.1");
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/notifications");
    expect(cookieNamed(signedIn, /_session=/)).toMatch(/_session=[^;]+$/);
    expect(cookieNamed(signedIn, /cruddur_pending_sign_in=/)).toMatch(/=$/);
    expect(await prisma.session.count({ where: { userId: ana.userId } })).toBe(1);
    // The pending sign-in is spent: its cookie again finds nothing.
    const again = await sendCode(pending, ana.app.code(), "203.0.113.1");
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/signin");
  });

  it("is refused without a first step, with a made-up cookie, or with the row's stored id as the cookie", async () => {
    const none = await sendCode(undefined, ana.app.code(), "203.0.113.2");
    expect(none.status).toBe(302);
    expect(none.headers.get("location")).toBe("/signin");
    expect((await sendAs(server, "/signin/code", { ip: "203.0.113.2" })).headers.get("location")).toBe("/signin");

    const pending = await passwordStep(ana, "203.0.113.2");
    const name = pending.split("=")[0]!;
    const forged = await sendCode(`${name}=${"A".repeat(43)}`, ana.app.code(), "203.0.113.2");
    expect(forged.headers.get("location")).toBe("/signin");
    const [row] = await prisma.pendingSignIn.findMany({ orderBy: { createdAt: "desc" }, take: 1, select: { id: true } });
    const storedId = await sendCode(`${name}=${row!.id}`, ana.app.code(), "203.0.113.2");
    expect(storedId.headers.get("location")).toBe("/signin");
    expect(await prisma.session.count({ where: { userId: ana.userId } })).toBe(1);
  });

  it("is useless with another person's pending cookie: it answers their sign-in, never one's own", async () => {
    const bob = await newAccount("bob");
    const bobsPending = await passwordStep(bob, "203.0.113.3");
    // Ana's code on Bob's pending sign-in: a wrong code for Bob, nobody signed in.
    const mixed = await sendCode(bobsPending, ana.app.code(), "203.0.113.3");
    expect(mixed.status).toBe(400);
    expect(await prisma.session.count({ where: { userId: bob.userId } })).toBe(0);
  });

  it("refuses a cross-origin post, a malformed code and an unknown intent, and counts none as a try", async () => {
    const pending = await passwordStep(ana, "203.0.113.4");
    const crossOrigin = await fetch(`${server.url}/signin/code`, {
      method: "POST",
      body: new URLSearchParams({ intent: "verify", code: ana.app.code() }),
      headers: { Cookie: pending, Origin: "https://evil.example", "X-Forwarded-For": "203.0.113.4" },
      redirect: "manual",
    });
    expect(crossOrigin.status).toBe(403);
    expect((await sendCode(pending, "12ab56", "203.0.113.4")).status).toBe(400);
    expect((await sendAs(server, "/signin/code", { ip: "203.0.113.4", cookie: pending, form: { intent: "nope" } })).status).toBe(400);
    const [latest] = await prisma.pendingSignIn.findMany({ orderBy: { createdAt: "desc" }, take: 1, select: { attempts: true } });
    expect(latest!.attempts).toBe(0);
  });

  it("refuses a wrong code, a replayed code and a sixth try, each with a message", async () => {
    // A replay: the code that signed in a moment ago, on a new pending sign-in.
    const fran = await newAccount("fran");
    const first = await passwordStep(fran, "203.0.113.5");
    const code = fran.app.code();
    expect((await sendCode(first, code, "203.0.113.5")).status).toBe(302);
    const second = await passwordStep(fran, "203.0.113.5");
    const replayed = await sendCode(second, code, "203.0.113.5");
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain(html(REPLAYED_TOTP_CODE));

    const wrong = wrongCode(fran.app);
    for (let attempt = 2; attempt <= 4; attempt++) {
      const refused = await sendCode(second, wrong, "203.0.113.5");
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(html(WRONG_TOTP_CODE));
    }
    const fifth = await sendCode(second, wrong, "203.0.113.5");
    expect(fifth.status).toBe(429);
    expect(await fifth.text()).toContain(html(CODES_SPENT));
    // The sixth, even the right code, is refused: that sign-in has ended.
    const sixth = await sendCode(second, fran.app.code(Date.now() + 30_000), "203.0.113.5");
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain(html(CODES_SPENT));
  });

  it("refuses codes over the account's limit across sign-ins, and over the IP's limit", async () => {
    const carol = await newAccount("carol");
    const wrong = wrongCode(carol.app);
    for (const ip of ["203.0.113.6", "203.0.113.7"]) {
      const pending = await passwordStep(carol, ip);
      for (let attempt = 1; attempt <= 5; attempt++) expect((await sendCode(pending, wrong, ip)).status).toBeGreaterThanOrEqual(400);
    }
    const third = await passwordStep(carol, "203.0.113.8");
    const refused = await sendCode(third, carol.app.code(), "203.0.113.8");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toContain("too many wrong codes for this account");

    const dave = await newAccount("dave");
    const pending = await passwordStep(dave, "203.0.113.9");
    for (let n = 0; n < 25; n++) await countRequest(["signInCodesPerIp", "203.0.113.9"]);
    const overIp = await sendCode(pending, dave.app.code(), "203.0.113.9");
    expect(overIp.status).toBe(429);
    expect(await overIp.text()).toContain("You have tried too many sign-in codes.");
    expect(await prisma.session.count({ where: { userId: dave.userId } })).toBe(0);
  });

  it("refuses a suspended account before the code step", async () => {
    const erin = await newAccount("erin");
    await prisma.user.update({ where: { id: erin.userId }, data: { suspendedAt: new Date() } });
    const refused = await sendAs(server, "/signin", { ip: "203.0.113.10", form: { email: erin.email, password: PASSWORD } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(html(SUSPENDED_MESSAGE));
    expect(refused.headers.getSetCookie().join()).not.toMatch(/pending_sign_in|_session=/);
  });
});
