// Session ids at rest (ASVS 7.2): the cookie holds a random secret and `sessions` only its SHA-256, so a
// database read or a backup hands out no working session; /settings/sessions still lists and ends them
// without showing the secret. Against the production build (`npm run build`) with a real cognito-local,
// signing up and in through the app's own pages.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { root, withProductionAppAndCognito } from "../support/production-app-suite";

const server = withProductionAppAndCognito("sessions");
const PASSWORD = "correct horse battery";

function send(pathname: string, { form, cookie }: { form?: Record<string, string>; cookie?: string } = {}) {
  return fetch(`${server.url}${pathname}`, {
    method: form ? "POST" : "GET",
    body: form ? new URLSearchParams(form) : undefined,
    headers: { "X-Forwarded-For": "198.18.0.1", ...(cookie ? { Cookie: cookie } : {}) },
    redirect: "manual",
  });
}

/** The secret a session cookie carries (Remix cookies are base64 JSON). */
const secretOf = (cookie: string) => JSON.parse(Buffer.from(decodeURIComponent(cookie.split("=")[1]!), "base64").toString()) as string;
const cookieFor = (secret: string) => `cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify(secret)).toString("base64"))}`;
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

async function signedIn() {
  const stamp = `${Date.now()}${randomBytes(2).toString("hex")}`;
  const account = { name: "Rest Tester", email: `rest.${stamp}@example.com`, handle: `rest_${stamp.slice(-10)}` };
  expect((await send("/signup", { form: { ...account, password: PASSWORD } })).status).toBe(302);
  expect((await send("/confirm", { form: { intent: "confirm", email: account.email, code: (await server.confirmationCode(account.email))! } })).status).toBe(
    302,
  );
  const signIn = async () => {
    const response = await send("/signin", { form: { email: account.email, password: PASSWORD } });
    expect(response.status).toBe(302);
    return response.headers.get("set-cookie")!.split(";")[0]!;
  };
  return { account, signIn };
}

describe("sessions at rest", () => {
  it("store only the SHA-256 of the cookie's secret; a row read from the database is no working cookie", async () => {
    const { account, signIn } = await signedIn();
    const cookie = await signIn();
    const secret = secretOf(cookie);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await send("/notifications", { cookie })).status).toBe(200);

    const rows = await queryRows<{ id: string; row: string }>`
      SELECT s.id, s::text AS row FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ${account.email}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(sha256(secret));
    expect(rows[0]!.row).not.toContain(secret);
    // What a database reader holds signs nobody in.
    const fromTheDatabase = await send("/notifications", { cookie: cookieFor(rows[0]!.id) });
    expect(fromTheDatabase.status).toBe(302);
    expect(fromTheDatabase.headers.get("location")).toMatch(/^\/signin/);

    // Sign-out deletes the row by its hash.
    expect((await send("/signout", { form: {}, cookie })).status).toBe(302);
    expect(await queryRows`SELECT 1 FROM sessions WHERE id = ${sha256(secret)}`).toHaveLength(0);
  });

  it("are listed and ended on /settings/sessions without the secret or the stored hash on the page", async () => {
    const { signIn } = await signedIn();
    const here = await signIn();
    const there = await signIn();
    const page = await (await send("/settings/sessions", { cookie: here })).text();
    expect(page).toContain("This device");
    for (const secret of [secretOf(here), secretOf(there)]) {
      expect(page).not.toContain(secret);
      expect(page).not.toContain(sha256(secret));
    }
    const keys = [...page.matchAll(/name="session" value="([0-9a-f]{64})"/g)].map((match) => match[1]!);
    expect(keys).toContain(sha256(sha256(secretOf(there))));
    const ended = await send("/settings/sessions", { cookie: here, form: { intent: "sign-out", session: sha256(sha256(secretOf(there))) } });
    expect(ended.status).toBe(302);
    expect((await send("/notifications", { cookie: there })).status).toBe(302);
    expect((await send("/notifications", { cookie: here })).status).toBe(200);
  });

  it("sessions made before the change keep working: the migration hashes their ids", async () => {
    const { account, signIn } = await signedIn();
    await signIn();
    const [user] = await queryRows<{ id: string }>`SELECT id FROM users WHERE email = ${account.email}`;
    // A row as the previous release stored it: the secret itself.
    const secret = randomBytes(32).toString("base64url");
    await prisma.$executeRaw`DELETE FROM sessions`;
    await prisma.$executeRaw`INSERT INTO sessions (id, user_id, expires_at) VALUES (${secret}, ${user!.id}::uuid, now() + interval '1 day')`;
    const migrations = path.join(root, "prisma/migrations");
    const hashing = readdirSync(migrations).find((name) => name.endsWith("_hash_session_ids"));
    expect(hashing).toBeDefined();
    await prisma.$executeRaw(Prisma.raw(readFileSync(path.join(migrations, hashing!, "migration.sql"), "utf8")));
    expect(await queryRows<{ id: string }>`SELECT id FROM sessions`).toEqual([{ id: sha256(secret) }]);
    expect((await send("/notifications", { cookie: cookieFor(secret) })).status).toBe(200);
  });
});
