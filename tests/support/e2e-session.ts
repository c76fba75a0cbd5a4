// Signing in for e2e tests without the Cognito round trip: a users row (if needed) and a sessions
// row in the e2e database, and the cookie the production build would have set
// (app/auth/session.server.ts: `__Host-cruddur_session`, Remix's base64-JSON cookie encoding).
import { randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { e2eQuery } from "./e2e-db";

const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;

export type E2EUser = { id: string; handle: string; displayName: string };

/** The user with this handle, created with `displayName` if missing. */
export async function ensureUser(handle: string, displayName = `Tester ${handle}`): Promise<E2EUser> {
  const [user] = await e2eQuery<{ id: string; handle: string; display_name: string }>(
    `INSERT INTO users (cognito_user_id, handle, email, display_name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (handle) DO UPDATE SET handle = EXCLUDED.handle
     RETURNING id, handle, display_name`,
    [`e2e-${handle}`, handle, `${handle}@example.com`, displayName],
  );
  return { id: user!.id, handle: user!.handle, displayName: user!.display_name };
}

/** The user with this handle (created with `displayName` if missing), signed in in `context`. */
export async function signInAs(context: BrowserContext, handle: string, displayName = `Tester ${handle}`): Promise<E2EUser> {
  const user = await ensureUser(handle, displayName);
  const sessionId = randomBytes(32).toString("base64url");
  await e2eQuery("INSERT INTO sessions (id, user_id, expires_at) VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, now() + interval '1 day')", [
    sessionId,
    user.id,
  ]);
  await context.addCookies([
    {
      name: "__Host-cruddur_session",
      value: encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64")),
      // Host-only (an IP address never gets a Domain attribute), as `__Host-` requires.
      domain: new URL(BASE_URL).hostname,
      path: "/",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
    },
  ]);
  return user;
}

/** A handle no other test (or project, or run) uses: [a-z0-9_], at most 20 characters. */
export function uniqueHandle(prefix: string, project: string): string {
  const id = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return `${prefix}_${project === "js-off" ? "f" : "n"}${id}`.toLowerCase().slice(0, 20);
}
