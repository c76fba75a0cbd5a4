// Writing cruds: each write is one SQL statement (CTEs), so it is atomic and counts stay exact
// under concurrency without explicit locks: the UPDATE of a count row serialises concurrent writers.
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { liveCrud } from "~/models/crud.server";
import { blockedBetween } from "~/models/safety.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";
import { extractHashtags, extractMentions } from "~/domain/crud-text";
import { expiresAtFor, type Lifetime } from "~/domain/lifetime";

/** The CTEs that store a new crud's #hashtags and notify the users it @mentions; `source` is the CTE holding it. */
function tagsAndMentions(source: "crud" | "reply", { userId, message, now }: { userId: string; message: string; now: Date }): Prisma.Sql {
  const from = Prisma.raw(source);
  return Prisma.sql`
    tags AS (
      INSERT INTO crud_tags (crud_id, tag, created_at) SELECT ${from}.id, tag, ${now} FROM ${from}, unnest(${extractHashtags(message)}::text[]) AS tag
    ), mentions AS (
      INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
      SELECT u.id, ${userId}::uuid, 'mention', ${from}.id, ${now} FROM ${from}, users u
      WHERE u.handle = ANY(${extractMentions(message)}::text[]) AND u.id <> ${userId}::uuid
        AND NOT ${blockedBetween(Prisma.sql`u.id`, Prisma.sql`${userId}::uuid`)}
    )`;
}

/** Posts a top-level crud with its hashtags and @mention notifications. Returns its id. */
export async function createCrud({ userId, message, ttl, now = new Date() }: { userId: string; message: string; ttl: Lifetime; now?: Date }) {
  const [row] = await queryRows<{ id: string }>`
    WITH crud AS (
      INSERT INTO cruds (user_id, message, expires_at, created_at)
      VALUES (${userId}::uuid, ${message}, ${expiresAtFor(ttl, now)}, ${now}) RETURNING id
    ), ${tagsAndMentions("crud", { userId, message, now })}
    SELECT id FROM crud`;
  return row!.id;
}

export type ReplyOutcome = { id: string } | "not-live" | "blocked";

/**
 * Replies to a live crud: the reply expires with its parent (docs/product.md §1), bumps the parent's reply
 * count and notifies its author. "blocked" (nothing stored) when the parent's author and the user
 * block each other (ADR 018).
 */
export async function replyTo({
  userId,
  parentId,
  message,
  now = new Date(),
}: {
  userId: string;
  parentId: string;
  message: string;
  now?: Date;
}): Promise<ReplyOutcome> {
  const [row] = await queryRows<{ id: string | null; blocked: boolean }>`
    WITH target AS (
      -- The lock makes a concurrent shortening of the parent (app/models/lifetime.server.ts) either
      -- wait for this reply, and then move it too, or go first, and then be the expiry copied here.
      SELECT c.id, c.user_id, c.expires_at, ${blockedBetween(Prisma.sql`c.user_id`, Prisma.sql`${userId}::uuid`)} AS blocked
      FROM cruds c WHERE c.id = ${parentId}::uuid AND ${liveCrud(now)} FOR NO KEY UPDATE OF c
    ), parent AS (
      SELECT id, user_id, expires_at FROM target WHERE NOT blocked
    ), reply AS (
      INSERT INTO cruds (user_id, message, reply_to_id, expires_at, created_at)
      SELECT ${userId}::uuid, ${message}, parent.id, parent.expires_at, ${now} FROM parent RETURNING id
    ), bump AS (
      UPDATE cruds SET replies_count = replies_count + 1 WHERE id IN (SELECT id FROM parent) AND EXISTS (SELECT 1 FROM reply)
    ), note AS (
      INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, source_crud_id, created_at)
      SELECT parent.user_id, ${userId}::uuid, 'reply', parent.id, reply.id, ${now} FROM parent, reply WHERE parent.user_id <> ${userId}::uuid
    ), ${tagsAndMentions("reply", { userId, message, now })}
    SELECT (SELECT id FROM reply) AS id, EXISTS (SELECT 1 FROM target WHERE blocked) AS blocked`;
  if (row?.blocked) return "blocked";
  if (!row?.id) return "not-live";
  forgetSuggestionsFor(userId);
  return { id: row.id };
}

/** As replyTo: the reply's id, or null when the parent is not live or a block stands in the way. */
export async function createReply(reply: { userId: string; parentId: string; message: string; now?: Date }) {
  const outcome = await replyTo(reply);
  return typeof outcome === "object" ? outcome.id : null;
}

export type DeleteOutcome = "deleted" | "not-found" | "forbidden";

/** Deletes a live crud if `userId` wrote it (its replies, likes, reposts and notifications go with it). */
export async function deleteCrud({ userId, crudId, now = new Date() }: { userId: string; crudId: string; now?: Date }): Promise<DeleteOutcome> {
  const [row] = await queryRows<{ found: boolean; deleted: boolean }>`
    WITH target AS (
      SELECT c.id, c.user_id, c.reply_to_id FROM cruds c WHERE c.id = ${crudId}::uuid AND ${liveCrud(now)}
    ), gone AS (
      DELETE FROM cruds WHERE id IN (SELECT id FROM target WHERE user_id = ${userId}::uuid) RETURNING reply_to_id
    ), parent AS (
      UPDATE cruds SET replies_count = replies_count - 1 WHERE id IN (SELECT reply_to_id FROM gone)
    )
    SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM gone) AS deleted`;
  if (!row?.found) return "not-found";
  return row.deleted ? "deleted" : "forbidden";
}
