// Rate limits over HTTP (docs/product.md §10, ADR 012), against the production build with a real cognito-local
// and the per-file PostgreSQL database: each test drives requests to one past a limit and checks the
// 429, its Retry-After, the message on the page, the typed text kept, and that the refused request
// stored nothing. Distinct X-Forwarded-For values (one ALB hop is trusted) are distinct visitors.
// Needs `npm run build`. Nothing here waits for time: a window "ends" by moving its stored end back.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sessionIdOf } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { DEFAULT_LIFETIME } from "~/domain/lifetime";
import { createCrud, createUser } from "../support/factories";
import { sendAs, withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("limits");

const PASSWORD = "correct horse battery";
let visitors = 0;
/** A new visitor's address (TEST-NET-2), as the ALB would put it in X-Forwarded-For. */
const newIp = () => `198.51.100.${++visitors}`;

const send = (pathname: string, visitor: Parameters<typeof sendAs>[2]) => sendAs(server, pathname, visitor);

/** What every refusal must be: a 429 with a Retry-After of at most the window, and the page saying so. */
async function expectRefused(response: Response, { message, window }: { message: RegExp; window: number }) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(window);
  const html = await response.text();
  expect(html).toMatch(message);
  // In the layout: the navigation and the sidebar are there.
  expect(html).toContain('aria-label="Main"');
  expect(response.headers.get("set-cookie")).toBeNull();
  return { html, retryAfter };
}

const code = (email: string) => server.confirmationCode(email);

let accounts = 0;
/** A confirmed account, made through the app's own pages from a visitor of its own. */
async function confirmedAccount() {
  const n = ++accounts;
  const account = { name: `Limit Tester ${n}`, email: `limits${n}.${Date.now()}@example.com`, handle: `limits_${n}_${randomBytes(3).toString("hex")}` };
  const ip = `192.0.2.${n}`;
  expect((await send("/signup", { ip, form: { ...account, password: PASSWORD } })).status).toBe(302);
  const confirmed = await send("/confirm", { ip, form: { intent: "confirm", email: account.email, code: (await code(account.email))! } });
  expect(confirmed.headers.get("location")).toMatch(/^\/signin\?/);
  return account;
}

/** A session row for `userId` and the cookie a production build with INSECURE_COOKIES=1 reads. */
async function sessionCookie(userId: string) {
  const id = randomBytes(32).toString("base64url");
  await prisma.session.create({ data: { id: sessionIdOf(id), userId, expiresAt: new Date(Date.now() + 86_400_000) } });
  return `cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify(id)).toString("base64"))}`;
}

/** Ends every window of one limit, as if its time had passed. */
const endWindows = (limit: string) => prisma.$executeRaw`UPDATE rate_limits SET expire = ${BigInt(Date.now() - 1)} WHERE key LIKE ${`${limit}:%`}`;

describe("sign-in", () => {
  it("takes 25 attempts per 5 minutes from one IP; the 26th is refused, even with the right password", async () => {
    const account = await confirmedAccount();
    const ip = newIp();
    for (let n = 0; n < 25; n++) {
      expect((await send("/signin", { ip, form: { email: `nobody${n}@example.com`, password: "wrong password" } })).status).toBe(401);
    }
    const refused = await send("/signin", { ip, form: { email: account.email, password: PASSWORD } });
    const { html } = await expectRefused(refused, { message: /You have tried to sign in too many times\. Try again in [45] minutes\./, window: 300 });
    expect(html).toContain(`value="${account.email}"`);
    expect(await prisma.session.count({ where: { user: { email: account.email } } })).toBe(0);

    // Another visitor is not affected.
    const elsewhere = await send("/signin", { ip: newIp(), form: { email: account.email, password: PASSWORD } });
    expect(elsewhere.status).toBe(302);
    expect(await prisma.session.count({ where: { user: { email: account.email } } })).toBe(1);
  });

  it("takes 10 wrong passwords per 15 minutes for one email, from any IPs; then even the right one is refused", async () => {
    const account = await confirmedAccount();
    for (let n = 0; n < 10; n++) {
      const wrong = await send("/signin", { ip: newIp(), form: { email: account.email, password: `wrong password ${n}` } });
      expect(wrong.status).toBe(401);
    }
    const refused = await send("/signin", { ip: newIp(), form: { email: account.email.toUpperCase(), password: PASSWORD } });
    const { html } = await expectRefused(refused, {
      message: /There have been too many wrong passwords for this account\. Try again in 1[45] minutes\./,
      window: 900,
    });
    expect(html).toContain(`value="${account.email}"`);
    expect(await prisma.session.count({ where: { user: { email: account.email } } })).toBe(0);
  });
});

describe("sign-up", () => {
  it("takes 5 per 30 minutes from one IP; the 6th keeps the form and creates nothing in Cognito or the database", async () => {
    const ip = newIp();
    const stamp = Date.now();
    const account = (n: number) => ({ name: `Signer ${n}`, email: `signer${n}.${stamp}@example.com`, handle: `signer_${n}_${stamp % 100_000}` });
    for (let n = 0; n < 5; n++) {
      const created = await send("/signup", { ip, form: { ...account(n), password: PASSWORD } });
      expect(created.headers.get("location")).toMatch(/^\/confirm\?/);
    }
    const sixth = account(5);
    const { html } = await expectRefused(await send("/signup", { ip, form: { ...sixth, password: PASSWORD } }), {
      message: /You have created too many accounts\. Try again in (30|29) minutes\./,
      window: 1800,
    });
    for (const value of [sixth.name, sixth.email, sixth.handle]) expect(html).toContain(`value="${value}"`);
    expect(await code(sixth.email)).toBeUndefined();
    expect(await prisma.user.count({ where: { email: sixth.email } })).toBe(0);

    expect((await send("/signup", { ip: newIp(), form: { ...sixth, password: PASSWORD } })).headers.get("location")).toMatch(/^\/confirm\?/);
  });
});

describe("password reset", () => {
  it("sends 5 codes per 30 minutes to one email; the 6th request sends none", async () => {
    const email = `reset.${Date.now()}@example.com`;
    for (let n = 0; n < 5; n++) expect((await send("/forgot", { ip: newIp(), form: { intent: "send-code", email } })).status).toBe(302);
    const { html } = await expectRefused(await send("/forgot", { ip: newIp(), form: { intent: "send-code", email } }), {
      message: /You have asked for too many password reset codes\. Try again in (30|29) minutes\./,
      window: 1800,
    });
    expect(html).toContain(`value="${email}"`);
  });

  it("sends 5 codes per 30 minutes from one IP, whatever the email", async () => {
    const ip = newIp();
    const account = await confirmedAccount();
    for (let n = 0; n < 5; n++)
      expect((await send("/forgot", { ip, form: { intent: "send-code", email: `other${n}.${Date.now()}@example.com` } })).status).toBe(302);
    await expectRefused(await send("/forgot", { ip, form: { intent: "send-code", email: account.email } }), {
      message: /too many password reset codes/,
      window: 1800,
    });
    // No code was sent to the account.
    expect(await code(account.email)).toBeUndefined();
  });

  it("voids a code guessed wrong 5 times: the right one is then refused until a new code is sent", async () => {
    const account = await confirmedAccount();
    expect((await send("/forgot", { ip: newIp(), form: { intent: "send-code", email: account.email } })).status).toBe(302);
    const right = (await code(account.email))!;
    const wrong = right === "000000" ? "111111" : "000000";
    const reset = (resetCode: string, password = "a brand new passphrase") => ({
      intent: "reset",
      email: account.email,
      code: resetCode,
      password,
      confirmPassword: password,
    });
    for (let n = 0; n < 5; n++) expect((await send("/forgot", { ip: newIp(), form: reset(wrong) })).status).toBe(400);

    const { html } = await expectRefused(await send("/forgot", { ip: newIp(), form: reset(right) }), {
      message: /That code was entered wrongly 5 times, so it no longer works, not even the right one\. Ask for a new code\./,
      window: 3600,
    });
    expect(html).toContain(`value="${account.email}"`);
    expect(html).toContain("Ask for a new code</a>");
    // Cognito never saw it: the code is still outstanding, the password unchanged.
    expect(await code(account.email)).toBe(right);
    // Still void once the attempt window has passed.
    await endWindows("resetsPerEmail");
    expect((await send("/forgot", { ip: newIp(), form: reset(right) })).status).toBe(429);

    expect((await send("/forgot", { ip: newIp(), form: { intent: "send-code", email: account.email } })).status).toBe(302);
    const fresh = (await code(account.email))!;
    expect((await send("/forgot", { ip: newIp(), form: reset(fresh) })).headers.get("location")).toBe("/forgot?step=done");
  });

  it("takes 5 reset attempts per 30 minutes from one IP", async () => {
    const ip = newIp();
    const attempt = (n: number) => ({ intent: "reset", email: `guess${n}@example.com`, code: "123456", password: PASSWORD, confirmPassword: PASSWORD });
    for (let n = 0; n < 5; n++) expect((await send("/forgot", { ip, form: attempt(n) })).status).toBe(400);
    await expectRefused(await send("/forgot", { ip, form: attempt(5) }), {
      message: /You have tried to reset the password too many times\. Try again in/,
      window: 1800,
    });
  });
});

describe("account confirmation", () => {
  it("voids a confirmation code guessed wrong 5 times, and resends 5 codes per 30 minutes per email", async () => {
    const stamp = Date.now();
    const account = { name: "Confirm Tester", email: `confirm.${stamp}@example.com`, handle: `confirm_${stamp % 100_000}` };
    expect((await send("/signup", { ip: newIp(), form: { ...account, password: PASSWORD } })).status).toBe(302);
    const right = (await code(account.email))!;
    const wrong = right === "000000" ? "111111" : "000000";
    for (let n = 0; n < 5; n++)
      expect((await send("/confirm", { ip: newIp(), form: { intent: "confirm", email: account.email, code: wrong } })).status).toBe(400);
    const { html } = await expectRefused(await send("/confirm", { ip: newIp(), form: { intent: "confirm", email: account.email, code: right } }), {
      message: /That code was entered wrongly 5 times, so it no longer works, not even the right one\. Ask for a new code\./,
      window: 86_400,
    });
    expect(html).toContain(`value="${account.email}"`);
    expect(await prisma.user.count({ where: { email: account.email } })).toBe(0);

    // "Resend code" sends a new one (cognito-local sends the same digits again) and the code works again.
    for (let n = 0; n < 5; n++) expect((await send("/confirm", { ip: newIp(), form: { intent: "resend", email: account.email } })).status).toBe(302);
    await expectRefused(await send("/confirm", { ip: newIp(), form: { intent: "resend", email: account.email } }), {
      message: /You have asked for too many confirmation codes\. Try again in/,
      window: 1800,
    });
    const confirmed = await send("/confirm", { ip: newIp(), form: { intent: "confirm", email: account.email, code: (await code(account.email))! } });
    expect(confirmed.headers.get("location")).toMatch(/^\/signin\?/);
    expect(await prisma.user.count({ where: { email: account.email } })).toBe(1);
  });
});

describe("posting", () => {
  it("takes 30 cruds and replies a minute per account; the 31st keeps its text and stores nothing", async () => {
    const author = await createUser();
    const cookie = await sessionCookie(author.id);
    const ip = newIp();
    const parentAuthor = await createUser();
    const parent = await createCrud(parentAuthor.id, { message: "reply to me" });
    for (let n = 0; n < 29; n++) {
      expect((await send("/compose", { ip, cookie, form: { intent: "crud", message: `crud number ${n}`, ttl: DEFAULT_LIFETIME, backTo: "/" } })).status).toBe(
        302,
      );
    }
    const thread = `/@${parentAuthor.handle}/status/${parent.id}`;
    const replyForm = (message: string) => ({ intent: "reply", replyTo: parent.id, message, backTo: thread });
    expect((await send("/compose", { ip, cookie, form: replyForm("the 30th post") })).status).toBe(302);

    const typed = "one crud too many & <still> mine";
    const { html } = await expectRefused(await send("/compose", { ip, cookie, form: { intent: "crud", message: typed, ttl: DEFAULT_LIFETIME, backTo: "/" } }), {
      message: /You have posted too many cruds\. Try again in (1 minute|\d+ seconds?)\./,
      window: 60,
    });
    expect(html).toContain("one crud too many &amp; &lt;still&gt; mine</textarea>");
    const reply = await send("/compose", { ip, cookie, form: replyForm("a reply too many") });
    const replyPage = (await expectRefused(reply, { message: /You have posted too many cruds\./, window: 60 })).html;
    expect(replyPage).toContain("a reply too many</textarea>");
    // The compose page keeps the reply a reply: to the same crud, with the way back to its thread.
    expect(replyPage).toContain(`name="replyTo" value="${parent.id}"`);
    expect(replyPage).toContain(`href="${thread}"`);
    // With JavaScript (a single-fetch data request) the same 429 and Retry-After.
    const enhanced = await send("/compose.data", { ip, cookie, form: { intent: "crud", message: typed, ttl: DEFAULT_LIFETIME, backTo: "/", enhanced: "1" } });
    expect(enhanced.status).toBe(429);
    expect(Number(enhanced.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await enhanced.text()).toContain("You have posted too many cruds.");
    expect(await prisma.crud.count({ where: { userId: author.id } })).toBe(30);

    // Another account posts as usual, from the same IP.
    const other = await sessionCookie((await createUser()).id);
    expect((await send("/compose", { ip, cookie: other, form: { intent: "crud", message: "me too", ttl: DEFAULT_LIFETIME, backTo: "/" } })).status).toBe(302);
  });

  it("takes 300 per 3 hours per account", async () => {
    const author = await createUser();
    const cookie = await sessionCookie(author.id);
    const ip = newIp();
    for (let n = 0; n < 300; n++) {
      if (n % 30 === 0) await endWindows("postsPerMinute");
      expect((await send("/compose", { ip, cookie, form: { intent: "crud", message: `post ${n}`, ttl: DEFAULT_LIFETIME, backTo: "/" } })).status).toBe(302);
    }
    await endWindows("postsPerMinute");
    await expectRefused(await send("/compose", { ip, cookie, form: { intent: "crud", message: "post 301", ttl: DEFAULT_LIFETIME, backTo: "/" } }), {
      message: /You have posted too many cruds\. Try again in 3 hours\./,
      window: 3 * 3600,
    });
    expect(await prisma.crud.count({ where: { userId: author.id } })).toBe(300);
  }, 120_000);
});

describe("likes, reposts and messages", () => {
  it("take 100 likes and reposts a minute per account; the 101st is refused in the layout", async () => {
    const fan = await createUser();
    const cookie = await sessionCookie(fan.id);
    const crud = await createCrud((await createUser()).id, { message: "like me" });
    const ip = newIp();
    for (let n = 0; n < 50; n++) {
      expect((await send(`/cruds/${crud.id}`, { ip, cookie, form: { intent: "like", redirectTo: "/" } })).status).toBe(302);
      expect((await send(`/cruds/${crud.id}`, { ip, cookie, form: { intent: "unlike", redirectTo: "/" } })).status).toBe(302);
    }
    const { html } = await expectRefused(await send(`/cruds/${crud.id}`, { ip, cookie, form: { intent: "repost", redirectTo: "/?tab=everyone" } }), {
      message: /You have liked or reposted too many cruds\. Try again in (1 minute|\d+ seconds?)\./,
      window: 60,
    });
    // Under its own heading, with the way back to the page the button was on (not only home).
    expect(html).toContain("<h1>Too many requests</h1>");
    expect(html).toMatch(/<a [^>]*href="\/\?tab=everyone"[^>]*>Back to the page you were on<\/a>/);
    const enhanced = await send(`/cruds/${crud.id}.data`, { ip, cookie, form: { intent: "like", redirectTo: "/", enhanced: "1" } });
    expect(enhanced.status).toBe(429);
    expect(await enhanced.text()).toContain("You have liked or reposted too many cruds.");
    expect(await prisma.crud.findUniqueOrThrow({ where: { id: crud.id }, select: { likesCount: true, repostsCount: true } })).toEqual({
      likesCount: 0,
      repostsCount: 0,
    });
    expect(await prisma.repost.count({ where: { userId: fan.id } })).toBe(0);
  });

  it("take 100 messages a minute per account; the 101st keeps its text and is not sent", async () => {
    const sender = await createUser();
    const recipient = await createUser();
    const cookie = await sessionCookie(sender.id);
    const ip = newIp();
    for (let n = 0; n < 100; n++) {
      expect((await send(`/messages/@${recipient.handle}`, { ip, cookie, form: { message: `hello ${n}` } })).status).toBe(302);
    }
    const { html } = await expectRefused(await send(`/messages/@${recipient.handle}`, { ip, cookie, form: { message: "are you there?" } }), {
      message: /You have sent too many messages\. Try again in (1 minute|\d+ seconds?)\./,
      window: 60,
    });
    expect(html).toContain("are you there?</textarea>");
    expect(await prisma.message.count({ where: { senderId: sender.id } })).toBe(100);
  }, 60_000);
});

describe("search", () => {
  it("takes 60 searches a minute per IP; the 61st gets the 429 page", async () => {
    const ip = newIp();
    // Distinct queries: a repeated signed-out search may come from the page cache, uncounted.
    for (let n = 0; n < 60; n++) expect((await send(`/search?q=word${n}`, { ip })).status).toBe(200);
    await expectRefused(await send("/search?q=word60", { ip }), {
      message: /You have searched too many times\. Try again in (1 minute|\d+ seconds?)\./,
      window: 60,
    });
    // The empty search page runs no query and is never refused; another visitor searches as usual.
    expect((await send("/search", { ip })).status).toBe(200);
    expect((await send("/search?q=word60", { ip: newIp() })).status).toBe(200);
  });
});
