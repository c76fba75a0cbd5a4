// The settings pages (ADR 022) over HTTP against the production build, with a real cognito-local for
// the password and the deletion: every refusal has its message and status and changes nothing; a
// user can only ever end their own sessions; a new password ends every other session; a deleted
// account is gone from Cognito and the database, its handle is free, and nothing recreates it.
// Needs `npm run build`.
import { beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { addInteraction } from "~/models/interactions.server";
import { beginAccountDeletion, deleteAccountRows } from "~/models/account-deletion.server";
import { createCrud } from "~/models/posting.server";
import { createReport } from "~/models/report.server";
import { sessionKey } from "~/models/session.server";
import { createUser } from "../support/factories";
import { databaseFingerprint, withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("settings");

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE rate_limits`;
});

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";
const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const post = (pathname: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${pathname}`, { method: "POST", body: new URLSearchParams(form), headers, redirect: "manual" });
const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${server.url}${pathname}`, { headers, redirect: "manual" });
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0]!;
/** The flash a redirect carries (ADR 020), to send with the next page's request as the browser would. */
const flashOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((cookie) => /^(__Host-)?cruddur_flash=/.test(cookie))!
    .split(";")[0]!;
/** Text as React writes it into the page. */
const html = (text: string) => text.replaceAll("'", "&#x27;");

/** A session of `userId` from a browser, as sign-in creates it; returns its Cookie header and id. */
async function browserSession(userId: string, userAgent: string, ip = "203.0.113.9") {
  const request = new Request("http://localhost/signin", { headers: { "User-Agent": userAgent } });
  const before = new Set((await prisma.session.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id));
  const cookie = (await createSession(userId, new Date(), { request, ip })).split(";")[0]!;
  const id = (await prisma.session.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id).find((s) => !before.has(s))!;
  return { cookie, id };
}

describe("/settings", () => {
  it("is the settings index for a signed-in user (the account menu links to it), and asks others to sign in", async () => {
    const user = await createUser();
    const { cookie } = await browserSession(user.id, FIREFOX);
    const page = await get("/settings", { cookie });
    expect(page.status).toBe(200);
    const text = await page.text();
    for (const link of ["profile", "sessions", "password", "preferences", "blocks", "mutes", "export", "delete"]) {
      expect(text).toContain(`href="/settings/${link}"`);
    }
    expect(text).toMatch(/<a[^>]*href="\/settings"[^>]*>Settings<\/a>/);
    const signedOut = await get("/settings");
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toBe("/signin?redirectTo=%2Fsettings");
  });

  it("never collides with a user named settings: profiles live at /@handle", async () => {
    const user = await createUser({ handle: "settings" });
    const { cookie } = await browserSession(user.id, FIREFOX);
    expect(await (await get("/@settings")).text()).toContain("@settings");
    const index = await get("/settings", { cookie });
    expect(index.status).toBe(200);
    expect(await index.text()).not.toContain("There is no user");
  });
});

describe("/settings/sessions", () => {
  it("lists every live session with its browser, system and network, this device marked", async () => {
    const user = await createUser();
    const here = await browserSession(user.id, FIREFOX, "203.0.113.9");
    await browserSession(user.id, IPHONE, "198.51.100.200");
    await browserSession(user.id, CHROME, "2001:db8:42:1::5");
    const text = await (await get("/settings/sessions", { cookie: here.cookie })).text();
    expect(text).toContain('aria-label="Firefox 132 on Linux (this device)"');
    expect(text).toContain('aria-label="Safari 17 on iOS 17.1"');
    expect(text).toContain('aria-label="Chrome 131 on Windows 10"');
    expect(text).toContain("Network 203.0.113.0/24");
    expect(text).toContain("Network 198.51.100.0/24");
    expect(text).toContain("Network 2001:db8:42::/48");
    expect(text).not.toContain("198.51.100.200");
    // The cookie's secret never reaches the page; sessions are named by a digest of it.
    for (const session of await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })) {
      expect(text).not.toContain(session.id);
      if (session.id !== here.id) expect(text).toContain(`value="${sessionKey(session.id)}"`);
    }
  });

  it("signs out one session, and never another account's", async () => {
    const ana = await createUser();
    const bob = await createUser();
    const here = await browserSession(ana.id, FIREFOX);
    const phone = await browserSession(ana.id, IPHONE);
    const bobs = await browserSession(bob.id, CHROME);

    const before = await databaseFingerprint();
    const theirs = await post("/settings/sessions", { intent: "sign-out", session: sessionKey(bobs.id) }, { cookie: here.cookie });
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).toContain("That session has already ended.");
    // The cookie's value is no key (a key is 64 hex digits).
    const malformed = await post("/settings/sessions", { intent: "sign-out", session: bobs.cookie.split("=")[1]! }, { cookie: here.cookie });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("Choose a session to sign out.");
    expect((await post("/settings/sessions", { intent: "sign-out-all-of-them" }, { cookie: here.cookie })).status).toBe(400);
    const { rate_limits: _counted, ...unchanged } = await databaseFingerprint();
    const { rate_limits: _before, ...expected } = before;
    expect(unchanged).toEqual(expected);
    expect((await get("/settings/sessions", { cookie: bobs.cookie })).status).toBe(200);

    const ended = await post("/settings/sessions", { intent: "sign-out", session: sessionKey(phone.id) }, { cookie: here.cookie });
    expect(ended.status).toBe(302);
    expect(ended.headers.get("location")).toBe("/settings/sessions");
    expect((await get("/settings/sessions", { cookie: phone.cookie })).status).toBe(302);
    expect(await (await get("/settings/sessions", { cookie: `${here.cookie}; ${flashOf(ended)}` })).text()).toContain("Signed out 1 session.");
  });

  it("signs out everywhere else, keeping this browser and other accounts signed in", async () => {
    const ana = await createUser();
    const bob = await createUser();
    const here = await browserSession(ana.id, FIREFOX);
    const others = [await browserSession(ana.id, IPHONE), await browserSession(ana.id, CHROME)];
    const bobs = await browserSession(bob.id, CHROME);
    const ended = await post("/settings/sessions", { intent: "sign-out-others" }, { cookie: here.cookie });
    expect(ended.headers.get("location")).toBe("/settings/sessions");
    for (const other of others) expect((await get("/settings/sessions", { cookie: other.cookie })).status).toBe(302);
    expect((await get("/settings/sessions", { cookie: bobs.cookie })).status).toBe(200);
    const text = await (await get("/settings/sessions", { cookie: `${here.cookie}; ${flashOf(ended)}` })).text();
    expect(text).toContain("Signed out 2 sessions.");
    expect(text).toContain("You are not signed in anywhere else.");
  });

  it("signing out this device's own session through the list signs this browser out", async () => {
    const ana = await createUser();
    const here = await browserSession(ana.id, FIREFOX);
    const ended = await post("/settings/sessions", { intent: "sign-out", session: sessionKey(here.id) }, { cookie: here.cookie });
    expect(ended.status).toBe(302);
    expect(ended.headers.get("location")).toBe("/");
    expect(ended.headers.get("set-cookie")).toMatch(/Max-Age=0/i);
    expect(await prisma.session.count({ where: { userId: ana.id } })).toBe(0);
    expect(await (await get("/", { cookie: flashOf(ended) })).text()).toContain("You have signed out.");
  });

  it("asks a signed-out visitor to sign in, for the page and the form", async () => {
    expect((await get("/settings/sessions")).headers.get("location")).toBe("/signin?redirectTo=%2Fsettings%2Fsessions");
    expect((await post("/settings/sessions", { intent: "sign-out-others" })).status).toBe(302);
  });

  it("refuses past settingsChangesPerMinute with a 429 and Retry-After", async () => {
    const ana = await createUser();
    const here = await browserSession(ana.id, FIREFOX);
    for (let n = 0; n < 30; n++) expect((await post("/settings/sessions", { intent: "sign-out-others" }, { cookie: here.cookie })).status).toBe(302);
    const refused = await post("/settings/sessions", { intent: "sign-out-others" }, { cookie: here.cookie });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("You have changed your settings too many times.");
  });
});

describe("/settings/preferences", () => {
  it("starts with UTC and the app's default lifetime, and offers the engine's zones", async () => {
    const ana = await createUser();
    const { cookie } = await browserSession(ana.id, FIREFOX);
    const text = await (await get("/settings/preferences", { cookie })).text();
    expect(text).toMatch(/<option value="7-days" selected="">/);
    expect(text).toMatch(/<option value="UTC" selected="">/);
    expect(text).toContain('<option value="Europe/Paris">');
    expect(text).toContain("or in UTC without one, until you choose a zone");
  });

  it("refuses a lifetime or zone that is not in the list with a message per field, and stores nothing", async () => {
    const ana = await createUser();
    const { cookie } = await browserSession(ana.id, FIREFOX);
    const forms: Record<string, string>[] = [
      { defaultTtl: "forever", timeZone: "Mars/Olympus_Mons" },
      { defaultTtl: "", timeZone: "+05:30" },
      { timeZone: "x".repeat(5_000) },
    ];
    for (const form of forms) {
      const refused = await post("/settings/preferences", form, { cookie });
      expect(refused.status).toBe(400);
      const text = await refused.text();
      expect(text).toContain("Choose one of the lifetimes in the list");
      expect(text).toContain("Choose a time zone from the list");
    }
    expect(await prisma.user.findUniqueOrThrow({ where: { id: ana.id }, select: { defaultTtl: true, timeZone: true } })).toEqual({
      defaultTtl: null,
      timeZone: null,
    });
  });

  it("stores the lifetime the composer then preselects, and the zone hover titles are written in", async () => {
    const ana = await createUser();
    const { cookie } = await browserSession(ana.id, FIREFOX);
    await prisma.crud.create({
      data: { userId: ana.id, message: "timed", createdAt: new Date("2026-07-01T23:30:00Z"), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const before = await (await get("/?tab=everyone", { cookie })).text();
    expect(before).toMatch(/<option value="7-days" selected="">/);
    expect(before).toContain('title="2026-07-01 23:30 UTC"');

    const saved = await post("/settings/preferences", { defaultTtl: "1-hour", timeZone: "europe/paris" }, { cookie });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/settings/preferences");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: ana.id }, select: { defaultTtl: true, timeZone: true } })).toEqual({
      defaultTtl: "1-hour",
      timeZone: "Europe/Paris",
    });
    const page = await (await get("/settings/preferences", { cookie: `${cookie}; ${flashOf(saved)}` })).text();
    expect(page).toContain("Your preferences have been saved.");
    expect(page).toMatch(/<option value="Europe\/Paris" selected="">/);

    const home = await (await get("/?tab=everyone", { cookie })).text();
    expect(home).toMatch(/<option value="1-hour" selected="">/);
    expect(home).toContain('title="2026-07-02 01:30 Europe/Paris"');
    // Signed-out visitors (and the page cache) still get UTC.
    expect(await (await get("/")).text()).toContain('title="2026-07-01 23:30 UTC"');
  });

  it("refuses past settingsChangesPerMinute with a 429, keeping the choice", async () => {
    const ana = await createUser();
    const { cookie } = await browserSession(ana.id, FIREFOX);
    for (let n = 0; n < 30; n++) await post("/settings/preferences", { defaultTtl: "3-days", timeZone: "UTC" }, { cookie });
    const refused = await post("/settings/preferences", { defaultTtl: "1-day", timeZone: "Asia/Tokyo" }, { cookie });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    const text = await refused.text();
    expect(text).toContain("You have changed your settings too many times.");
    expect(text).toMatch(/<option value="Asia\/Tokyo" selected="">/);
  });

  it("counts profile saves against settingsChangesPerMinute too: a 429 with Retry-After, keeping what was typed", async () => {
    const ana = await createUser();
    const { cookie } = await browserSession(ana.id, FIREFOX);
    for (let n = 0; n < 30; n++) expect((await post("/settings/profile", { displayName: `Ana ${n}`, bio: "" }, { cookie })).status).toBe(302);
    const refused = await post("/settings/profile", { displayName: "Ana Refused", bio: "kept bio" }, { cookie });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    const text = await refused.text();
    expect(text).toContain("You have changed your settings too many times.");
    expect(text).toContain('value="Ana Refused"');
    expect(text).toContain("kept bio");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: ana.id }, select: { displayName: true } })).toEqual({ displayName: "Ana 29" });
  });
});

describe("reports outlive the accounts (ADR 019's 30 days, not the account's)", () => {
  it("/moderation still shows a deleted account's reported crud and the reports it made, without offering to suspend it", async () => {
    const moderator = await createUser();
    await prisma.user.update({ where: { id: moderator.id }, data: { role: "moderator" } });
    const gone = await createUser({ handle: "gone_author" });
    const reporter = await createUser();
    const target = await createUser();
    const crudId = await createCrud({ userId: gone.id, message: "an awful crud, reported", ttl: "1-day" });
    await createReport({ reporterId: reporter.id, reason: "harassment", comment: "", target: { crudId } });
    await createReport({ reporterId: gone.id, reason: "spam", comment: "", target: { handle: target.handle } });
    await beginAccountDeletion({ userId: gone.id, cognitoUserId: `test-${gone.handle}` });
    await deleteAccountRows({ userId: gone.id, cognitoUserId: `test-${gone.handle}` });

    const { cookie } = await browserSession(moderator.id, FIREFOX);
    const page = await (await get("/moderation", { cookie })).text();
    expect(page).toContain("an awful crud, reported");
    expect(page).toMatch(/@(<!-- -->)?gone_author<!-- --> \(account deleted\)/);
    expect(page).toContain("Spam, reported by a deleted account");
    expect(page).not.toContain("Suspend @<!-- -->gone_author");
    expect(page).toContain(`Suspend @<!-- -->${target.handle}`);
  });
});

// ---- With Cognito --------------------------------------------------------------------------

type Account = { name: string; email: string; handle: string; password: string };

let accounts = 0;
function newAccount(prefix: string): Account {
  const id = `${Date.now().toString(36).slice(-5)}${accounts++}`;
  return { name: `Tester ${id}`, email: `${prefix}.${id}@example.com`, handle: `${prefix}_${id}`.slice(0, 20), password: "correct horse battery" };
}

/** Each sign-up and sign-in from its own address (the per-IP limits stay out of the way). */
let visitor = 0;
const visitorIp = () => `198.18.${Math.floor(visitor / 250)}.${(visitor++ % 250) + 1}`;

/** Signs the account up and confirms it (the Post Confirmation Lambda creates the row). */
async function signUp(account: Account) {
  expect((await post("/signup", account, { "X-Forwarded-For": visitorIp() })).status).toBe(302);
  const code = await server.confirmationCode(account.email);
  expect((await post("/confirm", { intent: "confirm", email: account.email, code: code! })).status).toBe(302);
}

const signIn = (email: string, password: string, userAgent = FIREFOX) =>
  post("/signin", { email, password, redirectTo: "/" }, { "User-Agent": userAgent, "X-Forwarded-For": visitorIp() });

async function signedIn(account: Account, userAgent = FIREFOX) {
  const response = await signIn(account.email, account.password, userAgent);
  expect(response.status).toBe(302);
  return cookieOf(response);
}

const userOf = (handle: string) => prisma.user.findUnique({ where: { handle }, select: { id: true, cognitoUserId: true } });

describe("/settings/password (cognito-local)", () => {
  it("refuses a wrong current password, mismatched or weak new ones; a change ends every other session", async () => {
    const account = newAccount("pw");
    await signUp(account);
    const here = await signedIn(account, FIREFOX);
    const phone = await signedIn(account, IPHONE);
    const newPassword = "a much longer new passphrase";

    for (const [form, field, message, status] of [
      [
        { currentPassword: "not the password at all", password: newPassword, confirmPassword: newPassword },
        "currentPassword",
        "That is not your current password.",
        400,
      ],
      [
        { currentPassword: account.password, password: newPassword, confirmPassword: "something else entirely" },
        "confirmPassword",
        "The passwords do not match",
        400,
      ],
      [{ currentPassword: account.password, password: "short", confirmPassword: "short" }, "password", "Use at least 12 characters", 400],
      [
        { currentPassword: account.password, password: account.password, confirmPassword: account.password },
        "password",
        "Choose a password other than your current one",
        400,
      ],
    ] as const) {
      const refused = await post("/settings/password", form, { cookie: here });
      expect(refused.status, message).toBe(status);
      const text = await refused.text();
      expect(text).toContain(`id="field-${field}-error" class="field-error">${message}`);
      // Never a password in the page.
      expect(text).not.toContain(form.currentPassword);
      expect(text).not.toContain(newPassword);
    }
    expect((await get("/settings/sessions", { cookie: phone })).status).toBe(200);

    const changed = await post(
      "/settings/password",
      { currentPassword: account.password, password: newPassword, confirmPassword: newPassword },
      { cookie: here },
    );
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/settings/password");
    expect(await (await get("/settings/password", { cookie: `${here}; ${flashOf(changed)}` })).text()).toContain(
      "Your password has been changed. Signed out 1 other session.",
    );
    expect((await get("/settings/sessions", { cookie: phone })).status).toBe(302);
    expect((await get("/settings/sessions", { cookie: here })).status).toBe(200);
    expect((await signIn(account.email, account.password)).status).toBe(401);
    expect((await signIn(account.email, newPassword)).status).toBe(302);
  });

  it("refuses past passwordChangesPerAccount with a 429 before asking Cognito", async () => {
    const account = newAccount("pwlimit");
    await signUp(account);
    const here = await signedIn(account);
    const attempt = { currentPassword: "not the password at all", password: "a much longer new passphrase", confirmPassword: "a much longer new passphrase" };
    for (let n = 0; n < 5; n++) expect((await post("/settings/password", attempt, { cookie: here })).status).toBe(400);
    const refused = await post("/settings/password", { ...attempt, currentPassword: account.password }, { cookie: here });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toContain("You have tried to change your password too many times.");
    // The right password was never tried: it still works.
    expect((await signIn(account.email, account.password)).status).toBe(302);
  });
});

describe("/settings/delete (cognito-local)", () => {
  it("asks for the password and the typed handle; then deletes the Cognito user and every row; the handle is free; the account stays gone", async () => {
    const account = newAccount("del");
    await signUp(account);
    const here = await signedIn(account);
    const other = await signedIn(account, IPHONE);
    const ana = (await userOf(account.handle))!;
    const bob = await createUser();
    const crudId = await createCrud({ userId: ana.id, message: "soon gone", ttl: "1-day" });
    await addInteraction("like", { userId: bob.id, crudId });
    const bobs = await createCrud({ userId: bob.id, message: "bob stays", ttl: "1-day" });
    await addInteraction("like", { userId: ana.id, crudId: bobs });

    const before = await databaseFingerprint();
    const notConfirmed = await post("/settings/delete", { password: account.password, confirmation: "someone_else" }, { cookie: here });
    expect(notConfirmed.status).toBe(400);
    expect(await notConfirmed.text()).toContain(`Type your username, ${account.handle}, to confirm.`);
    const wrongPassword = await post(
      "/settings/delete",
      { password: "not the password at all", confirmation: `@${account.handle.toUpperCase()}` },
      { cookie: here },
    );
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.text()).toContain("That is not your current password.");
    const { rate_limits: _counted, ...unchanged } = await databaseFingerprint();
    const { rate_limits: _before, ...expected } = before;
    expect(unchanged).toEqual(expected);

    const deleted = await post("/settings/delete", { password: account.password, confirmation: `@${account.handle}` }, { cookie: here });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe("/");
    expect(deleted.headers.get("set-cookie")).toMatch(/Max-Age=0/i);
    const done = await get("/", { cookie: flashOf(deleted) });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Your account has been deleted, with everything in it.");

    // Gone from the database (the like of bob's crud uncounted), and from Cognito; every session ended.
    expect(await userOf(account.handle)).toBeNull();
    expect(await prisma.crud.count({ where: { id: crudId } })).toBe(0);
    expect((await prisma.crud.findUniqueOrThrow({ where: { id: bobs }, select: { likesCount: true } })).likesCount).toBe(0);
    expect(await prisma.accountDeletion.findUniqueOrThrow({ where: { cognitoUserId: ana.cognitoUserId } })).toMatchObject({
      userId: ana.id,
      cognitoDeletedAt: expect.any(Date),
      rowsDeletedAt: expect.any(Date),
    });
    for (const cookie of [here, other]) expect((await get("/settings", { cookie })).status).toBe(302);
    expect((await signIn(account.email, account.password)).status).toBe(401);
    expect(await userOf(account.handle)).toBeNull();

    // The handle (and the email) are free: a new sign-up gets them, as a new Cognito user.
    await signUp(account);
    const again = await userOf(account.handle);
    expect(again).not.toBeNull();
    expect(again!.cognitoUserId).not.toBe(ana.cognitoUserId);
    expect((await signIn(account.email, account.password)).status).toBe(302);
  });

  it("a sign-in after a deletion whose Cognito part failed finishes it, and never recreates the account", async () => {
    const account = newAccount("half");
    await signUp(account);
    await signedIn(account);
    const user = (await userOf(account.handle))!;
    // What deleteAccount leaves when DeleteUser failed: the tombstone, and the rows deleted.
    await beginAccountDeletion({ userId: user.id, cognitoUserId: user.cognitoUserId });
    await deleteAccountRows({ userId: user.id, cognitoUserId: user.cognitoUserId, cognitoDeletedAt: null });

    const refused = await signIn(account.email, account.password);
    expect(refused.status).toBe(410);
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(await refused.text()).toContain("This account has been deleted.");
    expect(await prisma.user.count({ where: { cognitoUserId: user.cognitoUserId } })).toBe(0);
    expect((await prisma.accountDeletion.findUniqueOrThrow({ where: { cognitoUserId: user.cognitoUserId } })).cognitoDeletedAt).toBeInstanceOf(Date);
    // The Cognito user is gone now too.
    expect((await signIn(account.email, account.password)).status).toBe(401);
  });

  it("refuses past accountDeletionsPerAccount with a 429 and deletes nothing", async () => {
    const account = newAccount("dellimit");
    await signUp(account);
    const here = await signedIn(account);
    for (let n = 0; n < 5; n++) {
      expect((await post("/settings/delete", { password: "not the password at all", confirmation: account.handle }, { cookie: here })).status).toBe(400);
    }
    const refused = await post("/settings/delete", { password: account.password, confirmation: account.handle }, { cookie: here });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(html("You have tried to delete your account too many times."));
    expect(await userOf(account.handle)).not.toBeNull();
  });

  it("asks a signed-out visitor to sign in and deletes nothing", async () => {
    const response = await post("/settings/delete", { password: "whatever it is", confirmation: "anyone" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/signin\?redirectTo=/);
    expect((await get("/settings/delete")).status).toBe(302);
  });
});
