// Likes and reposts: one per user per crud (primary keys), toggled by single statements that keep
// the crud's count exact under concurrency and notify the author (never for your own crud).
import { queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { liveCrud } from "~/models/crud.server";
import { blockedBetween } from "~/models/safety.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";

export type Interaction = "like" | "repost";

/** A like or repost done (or undone): the crud's author, whom the status message names. */
export type InteractionDone = { author: string };

/**
 * Likes or reposts a live crud; idempotent. Returns false when the crud is not live (or, for a
 * repost, is a reply), "blocked" (storing nothing) when its author and the user block each other.
 */
export async function addInteraction(
  kind: Interaction,
  { userId, crudId, now = new Date() }: { userId: string; crudId: string; now?: Date },
): Promise<InteractionDone | false | "blocked"> {
  const blocked = blockedBetween(Prisma.sql`c.user_id`, Prisma.sql`${userId}::uuid`);
  const [row] = await (kind === "like"
    ? queryRows<{ author: string | null; blocked: boolean }>`
        WITH target AS (SELECT c.id, c.user_id, ${blocked} AS blocked, (SELECT u.handle FROM users u WHERE u.id = c.user_id) AS author FROM cruds c WHERE c.id = ${crudId}::uuid AND ${liveCrud(now)}),
        added AS (INSERT INTO likes (user_id, crud_id, created_at) SELECT ${userId}::uuid, id, ${now} FROM target WHERE NOT blocked ON CONFLICT DO NOTHING RETURNING crud_id),
        counted AS (UPDATE cruds SET likes_count = likes_count + 1 WHERE id IN (SELECT crud_id FROM added) RETURNING id, user_id),
        note AS (INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
                 SELECT user_id, ${userId}::uuid, 'like', id, ${now} FROM counted WHERE user_id <> ${userId}::uuid)
        SELECT (SELECT author FROM target) AS author, EXISTS (SELECT 1 FROM target WHERE blocked) AS blocked`
    : queryRows<{ author: string | null; blocked: boolean }>`
        WITH target AS (SELECT c.id, c.user_id, ${blocked} AS blocked, (SELECT u.handle FROM users u WHERE u.id = c.user_id) AS author FROM cruds c WHERE c.id = ${crudId}::uuid AND c.reply_to_id IS NULL AND ${liveCrud(now)}),
        added AS (INSERT INTO reposts (user_id, crud_id, created_at) SELECT ${userId}::uuid, id, ${now} FROM target WHERE NOT blocked ON CONFLICT DO NOTHING RETURNING crud_id),
        counted AS (UPDATE cruds SET reposts_count = reposts_count + 1 WHERE id IN (SELECT crud_id FROM added) RETURNING id, user_id),
        note AS (INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
                 SELECT user_id, ${userId}::uuid, 'repost', id, ${now} FROM counted WHERE user_id <> ${userId}::uuid)
        SELECT (SELECT author FROM target) AS author, EXISTS (SELECT 1 FROM target WHERE blocked) AS blocked`);
  if (row?.blocked) return "blocked";
  forgetSuggestionsFor(userId);
  return row?.author ? { author: row.author } : false;
}

/** Unlikes or undoes a repost; idempotent. Its notification goes too. Returns false when the crud is not live. */
export async function removeInteraction(
  kind: Interaction,
  { userId, crudId, now = new Date() }: { userId: string; crudId: string; now?: Date },
): Promise<InteractionDone | false> {
  const [row] = await (kind === "like"
    ? queryRows<{ author: string | null }>`
        WITH target AS (SELECT c.id, (SELECT u.handle FROM users u WHERE u.id = c.user_id) AS author FROM cruds c WHERE c.id = ${crudId}::uuid AND ${liveCrud(now)}),
        removed AS (DELETE FROM likes WHERE user_id = ${userId}::uuid AND crud_id IN (SELECT id FROM target) RETURNING crud_id),
        counted AS (UPDATE cruds SET likes_count = likes_count - 1 WHERE id IN (SELECT crud_id FROM removed)),
        note AS (DELETE FROM notifications WHERE kind = 'like' AND actor_id = ${userId}::uuid AND crud_id IN (SELECT crud_id FROM removed))
        SELECT (SELECT author FROM target) AS author`
    : queryRows<{ author: string | null }>`
        WITH target AS (SELECT c.id, (SELECT u.handle FROM users u WHERE u.id = c.user_id) AS author FROM cruds c WHERE c.id = ${crudId}::uuid AND ${liveCrud(now)}),
        removed AS (DELETE FROM reposts WHERE user_id = ${userId}::uuid AND crud_id IN (SELECT id FROM target) RETURNING crud_id),
        counted AS (UPDATE cruds SET reposts_count = reposts_count - 1 WHERE id IN (SELECT crud_id FROM removed)),
        note AS (DELETE FROM notifications WHERE kind = 'repost' AND actor_id = ${userId}::uuid AND crud_id IN (SELECT crud_id FROM removed))
        SELECT (SELECT author FROM target) AS author`);
  return row?.author ? { author: row.author } : false;
}
