// An account's sessions as /settings/sessions lists and ends them (ASVS 5.0 7.5.2). Data access only.
// A session's id is the SHA-256 of its cookie's secret (app/auth/session.server.ts), and it does not
// reach a page either: a session is named by its key, the SHA-256 of its id (useless for signing in,
// and not what the database stores).
import { createHash } from "node:crypto";
import { queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { SESSION_IDLE_TIMEOUT_MS } from "~/domain/session-limits";

/** The key of a session id (what a "Sign out" button names), as the SQL below computes it. */
export const sessionKey = (sessionId: string) => createHash("sha256").update(sessionId, "utf8").digest("hex");

const KEY_SQL = Prisma.raw("encode(sha256(convert_to(s.id, 'UTF8')), 'hex')");

export type SessionListing = {
  key: string;
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string;
  ipPrefix: string;
};

/** Enough for anyone; a script that signs in a thousand times sees the latest hundred. */
const LISTED_MAX = 100;

/** The account's live sessions: this one first, then the most recently seen. */
export function listLiveSessions({ userId, currentSessionId, now = new Date() }: { userId: string; currentSessionId: string; now?: Date }) {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS);
  return queryRows<SessionListing>`
    SELECT ${KEY_SQL} AS key, s.id = ${currentSessionId} AS current, s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
      s.user_agent AS "userAgent", s.ip_prefix AS "ipPrefix"
    FROM sessions s
    WHERE s.user_id = ${userId}::uuid AND s.expires_at > ${now} AND s.last_seen_at > ${idleSince}
    ORDER BY s.id = ${currentSessionId} DESC, s.last_seen_at DESC, s.created_at DESC
    LIMIT ${LISTED_MAX}`;
}

/** Ends one of the account's sessions by its key; false when the account has no such session (another account's included). */
export async function endSessionByKey(userId: string, key: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>`
    DELETE FROM sessions s WHERE s.user_id = ${userId}::uuid AND ${KEY_SQL} = ${key} RETURNING s.id`;
  return rows.length > 0;
}

/** Ends every session of the account but `keepSessionId` (this browser's); returns how many. */
export async function endOtherSessions(userId: string, keepSessionId: string): Promise<number> {
  const rows = await queryRows<{ id: string }>`DELETE FROM sessions WHERE user_id = ${userId}::uuid AND id <> ${keepSessionId} RETURNING id`;
  return rows.length;
}
