// Guesses of a secret fired at once (ADR 012): a limit on guesses takes its point before Cognito is
// asked, so a burst cannot all pass a check made before any of it was counted; and when the counters
// cannot be written, a guess of a secret is refused (503) while reads and posts go on (fail open).
// Against the production build (`npm run build`) with a real cognito-local; distinct X-Forwarded-For
// values are distinct visitors. Nothing waits for time: a window "ends" by moving its stored end back.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { RATE_LIMITS } from "~/security/rate-limits.server";
import { DEFAULT_LIFETIME } from "~/domain/lifetime";
import { createUser } from "../support/factories";
import { sendAs, sessionCookie, withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("guesses");

const PASSWORD = "correct horse battery";
let visitors = 0;
/** A new visitor's address (TEST-NET-3), as the ALB would put it in X-Forwarded-For. */
const newIp = () => `203.0.113.${++visitors}`;

const send = (pathname: string, visitor: Parameters<typeof sendAs>[2]) => sendAs(server, pathname, visitor);

/** The statuses of requests sent all at once, counted by status. */
async function burst(requests: (() => Promise<Response>)[]): Promise<Record<number, number>> {
  const responses = await Promise.all(requests.map((request) => request()));
  const counts: Record<number, number> = {};
  for (const response of responses) {
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    await response.arrayBuffer();
  }
  return counts;
}

let accounts = 0;
/** An account signed up (not yet confirmed) through the app's own pages. */
async function signedUp() {
  const n = ++accounts;
  const account = { name: `Guess Tester ${n}`, email: `guesses${n}.${Date.now()}@example.com`, handle: `guess_${n}_${randomBytes(3).toString("hex")}` };
  expect((await send("/signup", { ip: newIp(), form: { ...account, password: PASSWORD } })).status).toBe(302);
  return account;
}

async function confirmedAccount() {
  const account = await signedUp();
  const confirmed = await send("/confirm", {
    ip: newIp(),
    form: { intent: "confirm", email: account.email, code: (await server.confirmationCode(account.email))! },
  });
  expect(confirmed.headers.get("location")).toMatch(/^\/signin\?/);
  return account;
}

/** Ends every window of one limit, as if its time had passed. */
const endWindows = (limit: string) => prisma.$executeRaw`UPDATE rate_limits SET expire = ${BigInt(Date.now() - 1)} WHERE key LIKE ${`${limit}:%`}`;

describe("a burst of guesses at once", () => {
  it(`sign-in: 25 wrong passwords for one account from one address at once reach Cognito at most ${RATE_LIMITS.signInFailuresPerEmail.points} times; the right one after them is refused`, async () => {
    const account = await confirmedAccount();
    const ip = newIp();
    const counts = await burst(
      Array.from({ length: 25 }, (_, n) => () => send("/signin", { ip, form: { email: account.email, password: `wrong password ${n}` } })),
    );
    // 401: Cognito said "wrong password"; 429: refused before Cognito was asked.
    expect(counts[401]).toBe(RATE_LIMITS.signInFailuresPerEmail.points);
    expect(counts[429]).toBe(25 - RATE_LIMITS.signInFailuresPerEmail.points);

    const right = await send("/signin", { ip: newIp(), form: { email: account.email, password: PASSWORD } });
    expect(right.status).toBe(429);
    expect(await right.text()).toMatch(/There have been too many wrong passwords for this account\. Try again in 1[45] minutes\./);
    expect(await prisma.session.count({ where: { user: { email: account.email } } })).toBe(0);
  });

  it("sign-in: the right password refunds its point and clears the failures, so the owner is not locked out by their own sign-ins", async () => {
    const account = await confirmedAccount();
    for (let n = 0; n < RATE_LIMITS.signInFailuresPerEmail.points - 1; n++) {
      expect((await send("/signin", { ip: newIp(), form: { email: account.email, password: `wrong ${n}` } })).status).toBe(401);
    }
    expect((await send("/signin", { ip: newIp(), form: { email: account.email, password: PASSWORD } })).status).toBe(302);
    // Cleared: a full allowance of wrong passwords again, then the right one still works.
    for (let n = 0; n < RATE_LIMITS.signInFailuresPerEmail.points - 1; n++) {
      expect((await send("/signin", { ip: newIp(), form: { email: account.email, password: `wrong again ${n}` } })).status).toBe(401);
    }
    expect((await send("/signin", { ip: newIp(), form: { email: account.email, password: PASSWORD } })).status).toBe(302);
  });

  it("reset codes: 4 wrong codes, then 5 at once (a new attempt window) reach Cognito once; the code is void", async () => {
    const account = await confirmedAccount();
    expect((await send("/forgot", { ip: newIp(), form: { intent: "send-code", email: account.email } })).status).toBe(302);
    const right = (await server.confirmationCode(account.email))!;
    const wrong = right === "000000" ? "111111" : "000000";
    const reset = (code: string) => ({
      intent: "reset",
      email: account.email,
      code,
      password: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    for (let n = 0; n < 4; n++) expect((await send("/forgot", { ip: newIp(), form: reset(wrong) })).status).toBe(400);
    await endWindows("resetsPerEmail");
    const counts = await burst(Array.from({ length: 5 }, () => () => send("/forgot", { ip: newIp(), form: reset(wrong) })));
    expect(counts).toEqual({ 400: 1, 429: 4 });
    const refused = await send("/forgot", { ip: newIp(), form: reset(right) });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("That code was entered wrongly 5 times");
  });

  it("confirmation codes: 4 wrong codes, then 5 at once (a new attempt window) reach Cognito once; the code is void", async () => {
    const account = await signedUp();
    const right = (await server.confirmationCode(account.email))!;
    const wrong = right === "000000" ? "111111" : "000000";
    const confirm = (code: string) => ({ intent: "confirm", email: account.email, code });
    for (let n = 0; n < 4; n++) expect((await send("/confirm", { ip: newIp(), form: confirm(wrong) })).status).toBe(400);
    await endWindows("confirmationsPerEmail");
    const counts = await burst(Array.from({ length: 5 }, () => () => send("/confirm", { ip: newIp(), form: confirm(wrong) })));
    expect(counts).toEqual({ 400: 1, 429: 4 });
    const refused = await send("/confirm", { ip: newIp(), form: confirm(right) });
    expect(refused.status).toBe(429);
    expect(await prisma.user.count({ where: { email: account.email } })).toBe(0);
  });
});

describe("when the counters cannot be written", () => {
  it("refuses guesses of a secret (503, in the layout, form kept) and lets reads and posts through", async () => {
    const account = await confirmedAccount();
    const author = await createUser();
    const cookie = await sessionCookie(author.id);
    await prisma.$executeRaw`ALTER TABLE rate_limits RENAME TO rate_limits_away`;
    try {
      const signIn = await send("/signin", { ip: newIp(), form: { email: account.email, password: PASSWORD } });
      expect(signIn.status).toBe(503);
      expect(Number(signIn.headers.get("retry-after"))).toBeGreaterThan(0);
      const html = await signIn.text();
      expect(html).toContain("Cruddur cannot count sign-in attempts right now, so this one was not tried. Please try again in a minute.");
      expect(html).toContain('aria-label="Main"');
      expect(html).toContain(`value="${account.email}"`);
      expect(await prisma.session.count({ where: { user: { email: account.email } } })).toBe(0);

      const reset = await send("/forgot", {
        ip: newIp(),
        form: { intent: "reset", email: account.email, code: "123456", password: PASSWORD, confirmPassword: PASSWORD },
      });
      expect(reset.status).toBe(503);
      const confirm = await send("/confirm", { ip: newIp(), form: { intent: "confirm", email: account.email, code: "123456" } });
      expect(confirm.status).toBe(503);

      // Fail open: a search and a post are not guesses of anything.
      expect((await send("/search?q=hello", { ip: newIp() })).status).toBe(200);
      expect(
        (await send("/compose", { ip: newIp(), cookie, form: { intent: "crud", message: "counted or not", ttl: DEFAULT_LIFETIME, backTo: "/" } })).status,
      ).toBe(302);
      expect(await prisma.crud.count({ where: { userId: author.id } })).toBe(1);
    } finally {
      await prisma.$executeRaw`ALTER TABLE rate_limits_away RENAME TO rate_limits`;
    }
  });
});
