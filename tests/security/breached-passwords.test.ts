// A new password on the list of passwords attackers try first (ADR 038) is refused wherever one is chosen:
// sign-up, reset (/forgot) and change (/settings/password), over HTTP against the production build with a real
// cognito-local. Each refusal is a 400 with the message on the password field and stores nothing: no Cognito
// user, the old password still the one that signs in, no guess or attempt counted. Needs `npm run build`.
import { beforeEach, describe, expect, it } from "vitest";
import { BREACHED_PASSWORD_MESSAGE } from "~/auth/breached-passwords.server";
import { prisma } from "~/db.server";
import { databaseFingerprint, sendAs, withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("breached");

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE rate_limits`;
});

const PASSWORD = "correct horse battery";
/** On the list as typed, with a capital, and in capitals: each is refused. */
const LISTED = ["password1234", "Qwertyuiop123", "PASSWORD1234"] as const;
const REFUSAL = `id="field-password-error" class="field-error">${BREACHED_PASSWORD_MESSAGE}`;

let visitors = 0;
const newIp = () => `198.51.100.${++visitors}`;
const send = (pathname: string, visitor: Omit<Parameters<typeof sendAs>[2], "ip">) => sendAs(server, pathname, { ip: newIp(), ...visitor });
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0]!;

let accounts = 0;
const newAccount = (prefix: string) => {
  const id = `${Date.now().toString(36).slice(-5)}${accounts++}`;
  return { name: `Tester ${id}`, email: `${prefix}.${id}@example.com`, handle: `${prefix}_${id}`.slice(0, 20) };
};

async function confirmedAccount(prefix: string) {
  const account = newAccount(prefix);
  expect((await send("/signup", { form: { ...account, password: PASSWORD } })).status).toBe(302);
  expect((await send("/confirm", { form: { intent: "confirm", email: account.email, code: (await server.confirmationCode(account.email))! } })).status).toBe(
    302,
  );
  return account;
}

const signIn = (email: string, password: string) => send("/signin", { form: { email, password, redirectTo: "/" } });

describe("a listed new password", () => {
  it("is refused at sign-up with the reason, the other fields kept, no password sent back, nothing created", async () => {
    const before = await databaseFingerprint();
    for (const password of LISTED) {
      const account = newAccount("listed");
      const refused = await send("/signup", { form: { ...account, password } });
      expect(refused.status, password).toBe(400);
      const html = await refused.text();
      expect(html).toContain(REFUSAL);
      expect(html).toContain(`value="${account.email}"`);
      expect(html).not.toContain(password);
      expect(await server.confirmationCode(account.email)).toBeUndefined(); // Cognito was never asked
    }
    // Beside another field's error, both are shown at once.
    const both = await send("/signup", { form: { ...newAccount("listed"), email: "not an email", password: LISTED[0] } });
    expect(both.status).toBe(400);
    const html = await both.text();
    expect(html).toContain(REFUSAL);
    expect(html).toContain("Enter a valid email address");
    expect(await databaseFingerprint()).toEqual(before);
  });

  it("is refused at reset (/forgot) before the code counts: the old password still signs in, the code still works", async () => {
    const account = await confirmedAccount("reset");
    expect((await send("/forgot", { form: { intent: "send-code", email: account.email } })).status).toBe(302);
    const code = (await server.confirmationCode(account.email))!;
    // More refusals than wrong codes allowed (5): none of them is a guess of the code.
    for (const password of [...LISTED, ...LISTED]) {
      const refused = await send("/forgot", { form: { intent: "reset", email: account.email, code, password, confirmPassword: password } });
      expect(refused.status, password).toBe(400);
      const html = await refused.text();
      expect(html).toContain(REFUSAL);
      expect(html).not.toContain(password);
    }
    expect((await signIn(account.email, PASSWORD)).status).toBe(302);
    expect((await signIn(account.email, LISTED[0])).status).toBe(401);
    const newPassword = "a brand new passphrase";
    const reset = await send("/forgot", { form: { intent: "reset", email: account.email, code, password: newPassword, confirmPassword: newPassword } });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toBe("/forgot?step=done");
    expect((await signIn(account.email, newPassword)).status).toBe(302);
  });

  it("is refused at change (/settings/password) before the current password is tried: nothing changes or counts", async () => {
    const account = await confirmedAccount("change");
    const cookie = cookieOf(await signIn(account.email, PASSWORD));
    for (const password of LISTED) {
      const refused = await send("/settings/password", { cookie, form: { currentPassword: PASSWORD, password, confirmPassword: password } });
      expect(refused.status, password).toBe(400);
      const html = await refused.text();
      expect(html).toContain(REFUSAL);
      expect(html).not.toContain(password);
      expect(html).not.toContain(PASSWORD);
    }
    expect(await prisma.$queryRaw<unknown[]>`SELECT key FROM rate_limits WHERE key LIKE 'passwordChangesPerAccount:%'`).toEqual([]);
    expect((await send("/settings/sessions", { cookie })).status).toBe(200); // still signed in
    expect((await signIn(account.email, PASSWORD)).status).toBe(302);
    expect((await signIn(account.email, LISTED[0])).status).toBe(401);
  });
});
