// Shortening a live crud's lifetime (docs/product.md §1): the author can make a crud end sooner, never later,
// and its whole thread follows, so `reply.expiresAt = parent.expiresAt` holds at every depth.
import { Prisma } from "~/generated/prisma/client";
import { withTransaction } from "~/db.server";
import { liveCrud } from "~/models/crud.server";
import { expiresAtFor } from "~/domain/lifetime";
import type { NewLifetime } from "~/domain/shorten-lifetime";

export type ShortenOutcome =
  | { outcome: "shortened"; expiresAt: Date; repliesMoved: number; hasTags: boolean }
  /** Expired (up to the second: `expires_at <= now`) or unknown. */
  | { outcome: "not-found" }
  | { outcome: "forbidden" }
  /** A reply lives exactly as long as its thread's crud: that one is shortened, not the reply. */
  | { outcome: "reply" }
  /** The new end would not come before the current one (equal included): never lengthened. */
  | { outcome: "not-sooner"; expiresAt: Date };

/** When the lifetime chosen at `now` ends: `now` itself for "expire now". */
export function newExpiry(lifetime: NewLifetime, now: Date): Date {
  return lifetime === "now" ? now : expiresAtFor(lifetime, now);
}

/** The thread below `root` (replies, replies to replies…), as the recursive CTE `thread`. */
const threadBelow = (root: Prisma.Sql) => Prisma.sql`thread AS (
    SELECT r.id FROM cruds r WHERE r.reply_to_id IN (${root})
    UNION ALL
    SELECT r.id FROM cruds r JOIN thread t ON r.reply_to_id = t.id
  )`;

/** At most this many catch-up passes (each one finds only replies posted during the previous pass). */
const MAX_PASSES = 20;

/**
 * Makes `userId`'s live top-level crud end at `newExpiry(lifetime, now)` if that is sooner than its
 * current end, with every reply below it, in one transaction.
 *
 * Why a transaction and a catch-up pass rather than one statement: a reply copies its parent's
 * `expires_at` when it is written (app/models/posting.server.ts, replyTo), locking the parent row
 * first. A reply whose parent was locked before this transaction's UPDATE reached it is committed
 * before that UPDATE goes on, but is invisible to the statement's snapshot; the next statement
 * (READ COMMITTED: a fresh snapshot) sees it and moves it too. Every row moved stays locked until
 * commit, so a reply written after that waits and copies the new end. The passes stop when one
 * moves nothing.
 */
export async function shortenCrud({
  userId,
  crudId,
  lifetime,
  now = new Date(),
}: {
  userId: string;
  crudId: string;
  lifetime: NewLifetime;
  now?: Date;
}): Promise<ShortenOutcome> {
  const expiresAt = newExpiry(lifetime, now);
  return withTransaction(async (tx) => {
    const [row] = await tx.queryRows<{
      authorId: string | null;
      isReply: boolean | null;
      currentExpiry: Date | null;
      shortened: boolean;
      repliesMoved: number;
      hasTags: boolean;
    }>`
      WITH RECURSIVE target AS (
        SELECT c.id, c.user_id, c.reply_to_id, c.expires_at FROM cruds c WHERE c.id = ${crudId}::uuid AND ${liveCrud(now)}
      ), shortened AS (
        -- Re-checked on the row as it is when locked (a concurrent change waits, then is seen).
        UPDATE cruds c SET expires_at = ${expiresAt}
        WHERE c.id IN (SELECT id FROM target WHERE user_id = ${userId}::uuid AND reply_to_id IS NULL)
          AND ${liveCrud(now)} AND c.expires_at > ${expiresAt}
        RETURNING c.id
      ), ${threadBelow(Prisma.sql`SELECT id FROM shortened`)}, moved AS (
        UPDATE cruds c SET expires_at = ${expiresAt} WHERE c.id IN (SELECT id FROM thread) AND c.expires_at > ${expiresAt} RETURNING c.id
      )
      SELECT (SELECT user_id FROM target)::text AS "authorId", (SELECT reply_to_id IS NOT NULL FROM target) AS "isReply",
        (SELECT expires_at FROM target) AS "currentExpiry", EXISTS (SELECT 1 FROM shortened) AS shortened,
        (SELECT count(*)::int FROM moved) AS "repliesMoved",
        EXISTS (SELECT 1 FROM crud_tags t WHERE t.crud_id IN (SELECT id FROM shortened UNION ALL SELECT id FROM thread)) AS "hasTags"`;
    if (!row?.authorId || !row.currentExpiry) return { outcome: "not-found" } as const;
    if (row.authorId !== userId) return { outcome: "forbidden" } as const;
    if (row.isReply) return { outcome: "reply" } as const;
    if (!row.shortened) return { outcome: "not-sooner", expiresAt: row.currentExpiry } as const;
    let repliesMoved = row.repliesMoved;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const moved = await tx.execute`
        WITH RECURSIVE ${threadBelow(Prisma.sql`SELECT ${crudId}::uuid`)}
        UPDATE cruds c SET expires_at = ${expiresAt} WHERE c.id IN (SELECT id FROM thread) AND c.expires_at > ${expiresAt}`;
      if (moved === 0) break;
      repliesMoved += moved;
    }
    return { outcome: "shortened", expiresAt, repliesMoved, hasTags: row.hasTags } as const;
  });
}
