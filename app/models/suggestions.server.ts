// Suggested users (docs/product.md §3 right column): people who posted recently and whom you have not
// interacted with yet.
import { Prisma } from "~/generated/prisma/client";
import { queryRowsPlannedEachTime } from "~/db.server";
import { avatarUrl } from "~/models/avatar.server";
import { liveCrud } from "~/models/crud.server";
import { singleton } from "~/db/singleton.server";
import { KeyedTtlCache } from "~/utils/ttl-cache.server";

/**
 * Five are shown (SUGGESTIONS_SHOWN in app/components/sidebar-panels.tsx); one more is fetched so that
 * on a profile the sidebar can leave that person out and still show five, without a query per page.
 */
export const SUGGESTIONS_LIMIT = 6;
/** "Recently active": posted a crud (still live) in the last 7 days… */
export const ACTIVE_WINDOW_MS = 7 * 24 * 3_600_000;
/** …among the authors of the newest this-many live cruds, which bounds the query's cost at any size. */
const RECENT_CRUDS = 500;

/** Suggestions move slowly: each viewer's list is reused for this long (dropped at once when they interact). */
export const SUGGESTIONS_CACHE_MS = 30_000;
const cache = singleton("suggestions.cache", () => new KeyedTtlCache<SuggestedUser[]>(SUGGESTIONS_CACHE_MS, 10_000));

export type SuggestedUser = { id: string; handle: string; displayName: string; avatar: string | null };

/**
 * Up to SUGGESTIONS_LIMIT recently active users, most recently active first, excluding the viewer and everyone the
 * viewer follows, has liked, reposted, replied to or exchanged messages with, blocks, mutes or is blocked by. One query. Signed out: just the
 * recently active users.
 */
export async function getSuggestedUsers(viewerId: string | null, now: Date): Promise<SuggestedUser[]> {
  const since = new Date(now.getTime() - ACTIVE_WINDOW_MS);
  const exclusions = viewerId
    ? Prisma.sql`
      WHERE r.user_id <> ${viewerId}::uuid AND r.user_id NOT IN (
        SELECT c.user_id FROM likes l JOIN cruds c ON c.id = l.crud_id WHERE l.user_id = ${viewerId}::uuid
        UNION SELECT c.user_id FROM reposts p JOIN cruds c ON c.id = p.crud_id WHERE p.user_id = ${viewerId}::uuid
        UNION SELECT parent.user_id FROM cruds reply JOIN cruds parent ON parent.id = reply.reply_to_id
              WHERE reply.user_id = ${viewerId}::uuid AND reply.reply_to_id IS NOT NULL
        UNION SELECT user_b_id FROM conversations WHERE user_a_id = ${viewerId}::uuid
        UNION SELECT user_a_id FROM conversations WHERE user_b_id = ${viewerId}::uuid
        UNION SELECT followee_id FROM follows WHERE follower_id = ${viewerId}::uuid
        -- Nobody the viewer blocks, mutes or is blocked by (ADR 018).
        UNION SELECT blocked_id FROM blocks WHERE blocker_id = ${viewerId}::uuid
        UNION SELECT blocker_id FROM blocks WHERE blocked_id = ${viewerId}::uuid
        UNION SELECT muted_id FROM mutes WHERE muter_id = ${viewerId}::uuid
      )`
    : Prisma.empty;
  // A time window: planned with its values (a generic plan guesses a third of the rows); cached, so rare.
  const rows = await queryRowsPlannedEachTime<Omit<SuggestedUser, "avatar"> & { avatarKey: string | null }>`
    WITH recent AS (
      SELECT c.user_id, c.created_at FROM cruds c
      WHERE ${liveCrud(now)} AND c.created_at > ${since} AND c.created_at <= ${now}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ${RECENT_CRUDS}
    ), active AS (
      SELECT r.user_id, max(r.created_at) AS last_posted_at FROM recent r ${exclusions} GROUP BY r.user_id
    )
    SELECT u.id, u.handle, u.display_name AS "displayName", (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS "avatarKey"
    FROM active a JOIN users u ON u.id = a.user_id
    ORDER BY a.last_posted_at DESC, u.handle
    LIMIT ${SUGGESTIONS_LIMIT}`;
  return rows.map(({ avatarKey, ...user }) => ({ ...user, avatar: avatarUrl(avatarKey) }));
}

/**
 * The right column's suggestions, from a per-viewer in-process cache (no statement on most pages).
 * Signed-out visitors share one list.
 */
export function getCachedSuggestedUsers(viewerId: string | null, now: Date): Promise<SuggestedUser[]> {
  return cache.get(viewerId ?? "", now, () => getSuggestedUsers(viewerId, now));
}

/**
 * Called by the writes that make someone no longer a stranger to these users (a like, a repost, a
 * reply, a message, a follow or unfollow), so their next page leaves that person out. Other server processes catch up
 * within SUGGESTIONS_CACHE_MS.
 */
export function forgetSuggestionsFor(...userIds: string[]): void {
  for (const id of userIds) cache.delete(id);
}

/** Tests (and only tests) start from an empty cache. */
export function clearSuggestionsCache(): void {
  cache.clear();
}
