// Settings → Security (ADR 041) over HTTP, against the production build and a cognito-local of its own:
// setting up an authenticator app (a wrong first code changes nothing; the right one turns it on, ends the
// other sessions and shows 10 recovery codes once, stored only as hashes), signing in with a recovery code
// (the app is off in Cognito, the code spent), turning off and new codes only with the password and a
// current code, the code asked by the password change and deletion of such an account, another session's
// set-up, cross-origin posts and the limits. Needs `npm run build`.
import { beforeAll, describe, expect, it } from "vitest";
import { CODE_REQUIRED_MESSAGE, WRONG_PASSWORD_MESSAGE } from "~/auth/account-settings.server";
import { SETUP_ENDED_MESSAGE } from "~/auth/authenticator.server";
import { WRONG_RECOVERY_CODE, WRONG_TOTP_CODE } from "~/auth/two-step.server";
import { prisma } from "~/db.server";
import { sendAs, sessionCookie, signedUpAccount, withProductionAppAndCognito } from "../support/production-app-suite";
import { authenticator, codesOnce, wrongCode } from "../support/totp";

const server = withProductionAppAndCognito("authenticator-settings");
const html = (text: string) => text.replaceAll("'", "&#x27;").replaceAll('"', "&quot;");
const PASSWORD = "correct horse battery";

let accounts = 0;
async function newAccount(prefix: string) {
  // Sign-ups are limited per IP: each account comes from its own.
  const account = await signedUpAccount(server, { prefix, name: "Safe Person", password: PASSWORD, ip: `198.51.100.${++accounts}` });
  return { ...account, ip: `203.0.113.${accounts}`, cookie: await sessionCookie(account.userId) };
}
type Account = Awaited<ReturnType<typeof newAccount>>;

const security = (account: Account, form?: Record<string, string>) => sendAs(server, "/settings/security", { ip: account.ip, cookie: account.cookie, form });

/** Starts a set-up and reads the key the page shows for manual entry: the person's authenticator app. */
async function startSetup(account: Account) {
  const started = await security(account, { intent: "start", password: PASSWORD });
  expect(started.status).toBe(302);
  const page = await (await security(account)).text();
  const key = /<code class="setup-key">([A-Z2-7 ]+)<\/code>/.exec(page)?.[1];
  expect(key).toBeDefined();
  expect(page).toContain("<svg");
  return { app: authenticator(key!.replaceAll(" ", "")), page };
}

/** Turns the app on through the page: its authenticator and the recovery codes shown. */
async function turnOn(account: Account) {
  const { app } = await startSetup(account);
  const nextCode = codesOnce(app);
  const confirmed = await security(account, { intent: "confirm", code: await nextCode() });
  expect(confirmed.status).toBe(200);
  const codes = [...(await confirmed.text()).matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((match) => match[1]!);
  return { app, nextCode, codes };
}

/** Signs in with the password: the pending cookie of the code step. */
async function passwordStep(account: Account) {
  const response = await sendAs(server, "/signin", { ip: account.ip, form: { email: account.email, password: PASSWORD } });
  expect(response.headers.get("location")).toBe("/signin/code");
  return response.headers
    .getSetCookie()
    .find((cookie) => cookie.includes("cruddur_pending_sign_in="))!
    .split(";")[0]!;
}

let ana: Account;
beforeAll(async () => {
  ana = await newAccount("ana");
}, 60_000);

describe("setting up an authenticator app", () => {
  it("shows a QR code and the key; a wrong code changes nothing; the right one turns it on and shows 10 codes once", async () => {
    const elsewhere = await sessionCookie(ana.userId);
    const { app, page } = await startSetup(ana);
    expect(page).toContain(html("QR code for your authenticator app"));
    // The Cognito access token behind the set-up never reaches the page.
    const setup = await prisma.authenticatorSetup.findFirstOrThrow({ where: { userId: ana.userId }, select: { accessToken: true } });
    expect(page).not.toContain(setup.accessToken);

    const wrong = await security(ana, { intent: "confirm", code: wrongCode(app) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(html(WRONG_TOTP_CODE));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: ana.userId }, select: { twoStepOnAt: true } })).twoStepOnAt).toBeNull();

    const confirmed = await security(ana, { intent: "confirm", code: app.code() });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get("cache-control")).toBe("no-store");
    const body = await confirmed.text();
    const codes = [...body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((match) => match[1]!);
    expect(new Set(codes).size).toBe(10);
    expect(body).toContain('download="cruddur-recovery-codes.txt"');
    // At rest: hashes only, none of them the code; the set-up (token and secret) is gone.
    const stored = await prisma.recoveryCode.findMany({ where: { userId: ana.userId }, select: { codeHash: true } });
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(JSON.stringify(stored)).not.toContain(code.replace("-", ""));
    expect(await prisma.authenticatorSetup.count({ where: { userId: ana.userId } })).toBe(0);
    // The other session is over; this one stays; the page now says it is on, and shows no code again.
    expect((await sendAs(server, "/settings", { ip: ana.ip, cookie: elsewhere })).status).toBe(302);
    const after = await (await security(ana)).text();
    expect(after).toContain("Two-step sign-in is on");
    expect(after).toContain("10 of 10 recovery codes left.");
    for (const code of codes) expect(after).not.toContain(code);
    // And sign-in asks for the code.
    await passwordStep(ana);
  });

  it("turns on once when the first code is sent twice at once: one answer shows codes, the other says the set-up ended", async () => {
    const kim = await newAccount("kim");
    const { app } = await startSetup(kim);
    const code = app.code();
    const answers = await Promise.all([security(kim, { intent: "confirm", code }), security(kim, { intent: "confirm", code })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    expect(await prisma.recoveryCode.count({ where: { userId: kim.userId } })).toBe(10);
  });

  it("never confirms a set-up from another session, and ends one after 10 minutes", async () => {
    const bob = await newAccount("bob");
    const { app } = await startSetup(bob);
    const otherSession = { ...bob, cookie: await sessionCookie(bob.userId) };
    const elsewhere = await security(otherSession, { intent: "confirm", code: app.code() });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain(html(SETUP_ENDED_MESSAGE));
    await prisma.authenticatorSetup.updateMany({ where: { userId: bob.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await security(bob, { intent: "confirm", code: app.code() });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain(html(SETUP_ENDED_MESSAGE));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: bob.userId }, select: { twoStepOnAt: true } })).twoStepOnAt).toBeNull();
  });

  it("refuses a wrong password, a cross-origin post, an unknown intent and a signed-out visitor", async () => {
    const carol = await newAccount("carol");
    const wrong = await security(carol, { intent: "start", password: "not my password at all" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(html(WRONG_PASSWORD_MESSAGE));
    const crossOrigin = await fetch(`${server.url}/settings/security`, {
      method: "POST",
      body: new URLSearchParams({ intent: "start", password: PASSWORD }),
      headers: { Cookie: carol.cookie, Origin: "https://evil.example", "X-Forwarded-For": carol.ip },
      redirect: "manual",
    });
    expect(crossOrigin.status).toBe(403);
    expect((await security(carol, { intent: "nope" })).status).toBe(400);
    const signedOut = await sendAs(server, "/settings/security", { ip: carol.ip, form: { intent: "start", password: PASSWORD } });
    expect(signedOut.status).toBe(302);
    expect(await prisma.authenticatorSetup.count({ where: { userId: carol.userId } })).toBe(0);
  });

  it("counts first codes (5 per 30 minutes) and password checks (5 per 30 minutes)", async () => {
    const dan = await newAccount("dan");
    const { app } = await startSetup(dan);
    for (let i = 0; i < 5; i++) expect((await security(dan, { intent: "confirm", code: wrongCode(app) })).status).toBe(400);
    const over = await security(dan, { intent: "confirm", code: app.code() });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    // The start above was one password check; four more, then refused before Cognito is asked.
    for (let i = 0; i < 4; i++) expect((await security(dan, { intent: "start", password: "wrong password here" })).status).toBe(400);
    expect((await security(dan, { intent: "start", password: PASSWORD })).status).toBe(429);
  });
});

describe("with the app on", () => {
  it("turns off and makes new codes only with the password and a current code", async () => {
    const erin = await newAccount("erin");
    const { app, nextCode, codes } = await turnOn(erin);
    const missing = await security(erin, { intent: "off", password: PASSWORD });
    expect(missing.status).toBe(400);
    const wrong = await security(erin, { intent: "off", password: PASSWORD, code: wrongCode(app) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(html(WRONG_TOTP_CODE));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: erin.userId }, select: { twoStepOnAt: true } })).twoStepOnAt).not.toBeNull();

    const renewing = await nextCode();
    const renewed = await security(erin, { intent: "new-codes", password: PASSWORD, code: renewing });
    expect(renewed.status).toBe(200);
    const newCodes = [...(await renewed.text()).matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((match) => match[1]!);
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => codes.includes(code))).toEqual([]);

    // The same code again is a replay; a code not used yet is not.
    const replayed = await security(erin, { intent: "off", password: PASSWORD, code: renewing });
    expect(replayed.status).toBe(400);
    const off = await security(erin, { intent: "off", password: PASSWORD, code: await nextCode() });
    expect(off.status).toBe(302);
    expect(await prisma.recoveryCode.count({ where: { userId: erin.userId } })).toBe(0);
    // Cognito asks for no code any more.
    const signIn = await sendAs(server, "/signin", { ip: erin.ip, form: { email: erin.email, password: PASSWORD } });
    expect(signIn.headers.get("location")).toBe("/");
    // Three codes of one app: the third may have to wait for the next 30-second step to bring a new one.
  }, 60_000);

  it("asks for the code to change the password", async () => {
    const fay = await newAccount("fay");
    const { nextCode } = await turnOn(fay);
    const form = { currentPassword: PASSWORD, password: "a new long passphrase 42", confirmPassword: "a new long passphrase 42" };
    const page = await (await sendAs(server, "/settings/password", { ip: fay.ip, cookie: fay.cookie })).text();
    expect(page).toContain("Code from your authenticator app");
    const without = await sendAs(server, "/settings/password", { ip: fay.ip, cookie: fay.cookie, form });
    expect(without.status).toBe(400);
    expect(await without.text()).toContain(html(CODE_REQUIRED_MESSAGE));
    const changed = await sendAs(server, "/settings/password", { ip: fay.ip, cookie: fay.cookie, form: { ...form, code: await nextCode() } });
    expect(changed.status).toBe(302);
  });
});

describe("signing in with a recovery code", () => {
  it("signs in, turns the app off in Cognito, spends the code; a wrong or malformed code is refused", async () => {
    const gus = await newAccount("gus");
    const { codes } = await turnOn(gus);
    const pending = await passwordStep(gus);
    const recover = (recoveryCode: string) => sendAs(server, "/signin/code", { ip: gus.ip, cookie: pending, form: { intent: "recover", recoveryCode } });
    const malformed = await recover("not a code!");
    expect(malformed.status).toBe(400);
    const wrong = await recover("aaaaa-aaaaa");
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(html(WRONG_RECOVERY_CODE));

    // Typed in capitals, with spaces: still the code.
    const signedIn = await recover(` ${codes[3]!.toUpperCase().replace("-", " ")} `);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/settings/security");
    const session = signedIn.headers
      .getSetCookie()
      .find((cookie) => /_session=[^;]/.test(cookie))!
      .split(";")[0]!;
    const page = await (await sendAs(server, "/settings/security", { ip: gus.ip, cookie: session })).text();
    expect(page).toContain("Two-step sign-in is off");
    expect(page).toContain("when you signed in with a recovery code");
    // Spent, with the rest of the set; and the password alone signs in now (Cognito's MFA is off).
    expect(await prisma.recoveryCode.count({ where: { userId: gus.userId, usedAt: null } })).toBe(0);
    const next = await sendAs(server, "/signin", { ip: gus.ip, form: { email: gus.email, password: PASSWORD } });
    expect(next.headers.get("location")).toBe("/");
  });

  it("is useless on another person's pending sign-in", async () => {
    const hal = await newAccount("hal");
    const ivy = await newAccount("ivy");
    const { codes } = await turnOn(hal);
    await turnOn(ivy);
    const ivysPending = await passwordStep(ivy);
    const mixed = await sendAs(server, "/signin/code", { ip: ivy.ip, cookie: ivysPending, form: { intent: "recover", recoveryCode: codes[0]! } });
    expect(mixed.status).toBe(400);
    expect(await prisma.session.count({ where: { userId: ivy.userId } })).toBe(1);
    expect(await prisma.recoveryCode.count({ where: { userId: hal.userId, usedAt: null } })).toBe(10);
  });
});
