import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { appCookie } from "~/security/cookies.server";
import { prisma, queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { avatarUrl } from "~/models/avatar.server";
import { unreadConversationsCount } from "~/models/message.server";
import { unreadNotificationsCount } from "~/models/notification.server";
import { memoizeInRequest, requestClientIp, setRequestUserId } from "~/observability/request-context.server";
import { preferredLifetime, type Theme } from "~/domain/preferences";
import { LAST_SEEN_GRANULARITY_MS, SESSION_IDLE_TIMEOUT_MS, SESSION_LIFETIME_MS } from "~/domain/session-limits";
import type { Lifetime } from "~/domain/lifetime";
import { networkPrefix, storedUserAgent } from "./devices.server";

const sessionCookie = () => appCookie("cruddur_session", SESSION_LIFETIME_MS / 1000);

/**
 * `moderator`: the nav links to /moderation and the page opens (ADR 019); read from the users row on every request.
 * `timeZone` (null until set: the browser's zone or UTC, ADR 037), `defaultTtl` and `theme` are the
 * preferences every page needs (ADR 022).
 */
export type SessionUser = {
  id: string;
  handle: string;
  displayName: string;
  moderator: boolean;
  timeZone: string | null;
  defaultTtl: Lifetime;
  theme: Theme;
  /** Their avatar's URL (the nav's account menu), or null: initials. */
  avatar: string | null;
};
/** The nav's badges: unread notifications and conversations with unread messages. */
export type UnreadCounts = { notifications: number; messages: number };
type SignedIn = { sessionId: string; user: SessionUser; unread: UnreadCounts };

/**
 * The id a session's row is stored under: the SHA-256 (hex) of the cookie's secret. The secret never
 * reaches the database, so a read of `sessions` (a leak, a backup) gives no cookie that signs anyone
 * in; 256 random bits need no salt or slow hash. Everything past the cookie ("the session id" in this
 * module and the models) is this digest.
 */
export function sessionIdOf(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The stored id of the session the request's cookie names (checked to be a secret we could have made), or undefined. */
async function readSessionId(request: Request): Promise<string | undefined> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? sessionIdOf(value) : undefined;
}

/** The browser a session belongs to, as /settings/sessions shows it. */
function clientOf(request: Request | undefined, ip: string | undefined) {
  return { userAgent: storedUserAgent(request?.headers.get("User-Agent")), ipPrefix: networkPrefix(ip) };
}

/**
 * Creates a fresh session (a new id on every sign-in) and returns its Set-Cookie header. With the
 * sign-in's request, the session remembers its browser and network (`ip`: the load context's clientIp).
 */
export async function createSession(userId: string, now = new Date(), from?: { request: Request; ip: string }): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await prisma.session.create({
    data: {
      id: sessionIdOf(secret),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      ...clientOf(from?.request, from?.ip),
    },
    select: { id: true },
  });
  return sessionCookie().serialize(secret);
}

/**
 * The signed-in user with the nav's unread counts, or null. One statement for every page (the
 * badges ride along: a round trip costs more than the two indexed counts); a rare extra write
 * refreshes last_seen_at.
 */
export function getSignedIn(request: Request, now = new Date()): Promise<SignedIn | null> {
  // Root and route loaders run in parallel for one request; they share one lookup.
  return memoizeInRequest(`session:${request.headers.get("Cookie") ?? ""}`, () => lookUpSession(request, now));
}

async function lookUpSession(request: Request, now: Date): Promise<SignedIn | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  // Every signed-in page runs this: plain SQL (see crud.server.ts on why hot reads avoid the builder).
  // A suspended user's sessions are deleted; the filter also covers one created in a race with it.
  type Row = Omit<SessionUser, "defaultTtl" | "avatar"> & {
    avatarKey: string | null;
    defaultTtl: string | null;
    lastSeenAt: Date;
    unreadNotifications: number;
    unreadMessages: number;
  };
  const [row] = await queryRows<Row>`
    SELECT u.id, u.handle, u.display_name AS "displayName", u.role = 'moderator' AS moderator, s.last_seen_at AS "lastSeenAt",
      u.time_zone AS "timeZone", u.default_ttl AS "defaultTtl", u.theme::text AS theme, (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS "avatarKey",
      ${unreadNotificationsCount(Prisma.sql`u.id`, now)} AS "unreadNotifications",
      ${unreadConversationsCount(Prisma.sql`u.id`)} AS "unreadMessages"
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${sessionId} AND s.expires_at > ${now} AND u.suspended_at IS NULL AND s.last_seen_at > ${new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS)}`;
  if (!row) return null;
  const { lastSeenAt, unreadNotifications, unreadMessages, defaultTtl, avatarKey, ...rest } = row;
  const user: SessionUser = { ...rest, defaultTtl: preferredLifetime(defaultTtl), avatar: avatarUrl(avatarKey) };
  setRequestUserId(user.id);
  if (now.getTime() - lastSeenAt.getTime() > LAST_SEEN_GRANULARITY_MS) {
    // updateMany: a session ended meanwhile (signed out elsewhere) is not an error.
    const { userAgent, ipPrefix } = clientOf(request, requestClientIp());
    const client = { ...(userAgent ? { userAgent } : {}), ...(ipPrefix ? { ipPrefix } : {}) };
    await prisma.session.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now, ...client } });
  }
  return { sessionId, user, unread: { notifications: unreadNotifications, messages: unreadMessages } };
}

/** The signed-in user and the nav's unread counts (the root loader), or null. */
export async function getViewer(request: Request): Promise<{ user: SessionUser; unread: UnreadCounts } | null> {
  const lookup = await getSignedIn(request);
  return lookup ? { user: lookup.user, unread: lookup.unread } : null;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSignedIn(request))?.user ?? null;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  throw redirect(`/signin?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`);
}

/** The signed-in user and this browser's session id (its row's, the digest: the settings pages end the other sessions), or the sign-in redirect. */
export async function requireUserSession(request: Request): Promise<{ user: SessionUser; sessionId: string }> {
  const user = await requireUser(request);
  const lookup = await getSignedIn(request);
  if (!lookup) throw new Error("the session lookup found a user and then none");
  return { user, sessionId: lookup.sessionId };
}

/** Pages for signed-out visitors (sign up, sign in…) send a signed-in user home. */
export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect("/");
}

/** Deletes the session row (signing this browser out everywhere it matters) and clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const sessionId = await readSessionId(request);
  if (sessionId) await prisma.session.deleteMany({ where: { id: sessionId } });
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Signs an account out everywhere (after a password reset). */
export async function deleteSessionsOfEmail(email: string): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { user: { email } } });
  return count;
}

/** Drops sessions past their absolute or idle limit (run with the purge). */
export async function deleteDeadSessions(now = new Date()): Promise<number> {
  const { count } = await prisma.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS) } }] },
  });
  return count;
}

const SAME_SITE = "http://cruddur.invalid";

/**
 * Only same-site paths: `/x` but never `//evil.example` or `/\\evil.example` (open-redirect defence).
 * The check runs on the normalised URL, and what it checked is what it returns: `/.//evil.example`
 * and `/a/..//evil.example` normalise to `//evil.example`, which a browser reads as another host.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  try {
    const url = new URL(to, SAME_SITE);
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.origin === SAME_SITE && !path.startsWith("//") ? path : fallback;
  } catch {
    return fallback;
  }
}
