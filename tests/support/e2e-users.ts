// Signed-in e2e visitors without the Cognito round trip: a user row and a session row in the e2e
// database, and the session cookie exactly as the app writes it (createCookie: base64 JSON).
import { randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { e2eQuery } from "./e2e-db";

export type E2EUser = { id: string; handle: string; displayName: string };

export async function createE2EUser(prefix: string, displayName?: string): Promise<E2EUser> {
  const handle = `${prefix}_${randomBytes(4).toString("hex")}`.slice(0, 20).toLowerCase();
  const name = displayName ?? `User ${handle}`;
  const [row] = await e2eQuery<{ id: string }>(
    "INSERT INTO users (cognito_user_id, handle, email, display_name) VALUES ($1, $2, $3, $4) RETURNING id",
    [`e2e-${handle}`, handle, `${handle}@example.com`, name],
  );
  return { id: row!.id, handle, displayName: name };
}

/** Adds a fresh session for `user` to the browser context (the production cookie, `__Host-` and all). */
export async function signInAs(context: BrowserContext, user: E2EUser, baseURL: string): Promise<void> {
  const id = randomBytes(32).toString("base64url");
  await e2eQuery("INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2, now() + interval '1 day')", [id, user.id]);
  const value = encodeURIComponent(Buffer.from(JSON.stringify(id)).toString("base64"));
  // DevTools refuses a Secure cookie for an http:// URL; cookies ignore ports and schemes when they
  // are read, and Chromium sends Secure cookies to 127.0.0.1 (a trustworthy origin), as the app's own do.
  const url = new URL(baseURL);
  url.protocol = "https:";
  await context.addCookies([{ name: "__Host-cruddur_session", value, url: url.origin, httpOnly: true, secure: true, sameSite: "Lax" }]);
}
