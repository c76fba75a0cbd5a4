// Writing cruds: each write is one SQL statement (CTEs), so it is atomic and counts stay exact
// under concurrency without explicit locks: the UPDATE of a count row serialises concurrent writers.
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { liveCrud } from "~/models/crud.server";
import { blockedBetween } from "~/models/safety.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";
import { extractHashtags, extractMentions } from "~/domain/crud-text";
import { expiresAtFor, type Lifetime } from "~/domain/lifetime";
import { PENDING_UPLOAD_MS } from "~/domain/picture-limits";

/** Images to attach to a new crud or reply: pending uploads of its author, in order, with their descriptions. */
export type AttachedImage = { id: string; alt: string };

/** What a crud or reply carries besides its text (docs/product.md §11). */
export type CrudMedia = { images?: AttachedImage[]; sensitive?: boolean; contentWarning?: string };

/** Thrown (nothing stored) when an image to attach is no longer its author's pending upload. */
export class ImagesNoLongerPending extends Error {
  constructor() {
    super("images no longer pending");
  }
}

/**
 * The CTEs that attach `images` to the crud in the CTE `source`: `images` locks the author's pending uploads
 * (so two posts cannot both take one), `ready` says whether every one was found, and the insert of the crud
 * is conditioned on it, so a crud is never stored with fewer images than were asked for.
 */
function pendingImages(userId: string, images: AttachedImage[], now: Date): Prisma.Sql {
  return Prisma.sql`
    images AS (
      SELECT p.id, (x.position - 1)::smallint AS position, x.alt
      FROM unnest(${images.map((image) => image.id)}::uuid[], ${images.map((image) => image.alt)}::text[]) WITH ORDINALITY AS x(id, alt, position)
      JOIN pictures p ON p.id = x.id
      WHERE p.owner_id = ${userId}::uuid AND p.kind = 'image' AND p.attached_at IS NULL
        AND p.created_at > ${new Date(now.getTime() - PENDING_UPLOAD_MS)}
      FOR UPDATE OF p
    ), ready AS (
      SELECT count(*) = ${images.length} AS ok FROM images
    )`;
}

function attachImages(source: "crud" | "reply", now: Date): Prisma.Sql {
  const from = Prisma.raw(source);
  return Prisma.sql`
    attach AS (
      UPDATE pictures p SET crud_id = ${from}.id, position = images.position, alt = images.alt, attached_at = ${now}
      FROM ${from}, images WHERE p.id = images.id
    )`;
}

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

/**
 * Posts a top-level crud with its images, hashtags and @mention notifications. Returns its id; throws
 * ImagesNoLongerPending (nothing stored) when an image is no longer the author's pending upload.
 */
export async function createCrud({
  userId,
  message,
  ttl,
  now = new Date(),
  images = [],
  sensitive = false,
  contentWarning = "",
}: { userId: string; message: string; ttl: Lifetime; now?: Date } & CrudMedia): Promise<string> {
  const [row] = await queryRows<{ id: string }>`
    WITH ${pendingImages(userId, images, now)}, crud AS (
      INSERT INTO cruds (user_id, message, expires_at, created_at, sensitive, content_warning)
      SELECT ${userId}::uuid, ${message}, ${expiresAtFor(ttl, now)}, ${now}, ${sensitive && images.length > 0}, ${images.length > 0 ? contentWarning : ""}
      WHERE (SELECT ok FROM ready) RETURNING id
    ), ${attachImages("crud", now)}, ${tagsAndMentions("crud", { userId, message, now })}
    SELECT id FROM crud`;
  if (!row) throw new ImagesNoLongerPending();
  return row.id;
}

export type ReplyOutcome = { id: string } | "not-live" | "blocked" | "images-gone";

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
  images = [],
  sensitive = false,
  contentWarning = "",
}: {
  userId: string;
  parentId: string;
  message: string;
  now?: Date;
} & CrudMedia): Promise<ReplyOutcome> {
  const [row] = await queryRows<{ id: string | null; blocked: boolean; ready: boolean }>`
    WITH ${pendingImages(userId, images, now)}, target AS (
      -- The lock makes a concurrent shortening of the parent (app/models/lifetime.server.ts) either
      -- wait for this reply, and then move it too, or go first, and then be the expiry copied here.
      SELECT c.id, c.user_id, c.expires_at, ${blockedBetween(Prisma.sql`c.user_id`, Prisma.sql`${userId}::uuid`)} AS blocked
      FROM cruds c WHERE c.id = ${parentId}::uuid AND ${liveCrud(now)} FOR NO KEY UPDATE OF c
    ), parent AS (
      SELECT id, user_id, expires_at FROM target WHERE NOT blocked
    ), reply AS (
      INSERT INTO cruds (user_id, message, reply_to_id, expires_at, created_at, sensitive, content_warning)
      SELECT ${userId}::uuid, ${message}, parent.id, parent.expires_at, ${now}, ${sensitive && images.length > 0}, ${images.length > 0 ? contentWarning : ""}
      FROM parent WHERE (SELECT ok FROM ready) RETURNING id
    ), ${attachImages("reply", now)}, bump AS (
      UPDATE cruds SET replies_count = replies_count + 1 WHERE id IN (SELECT id FROM parent) AND EXISTS (SELECT 1 FROM reply)
    ), note AS (
      INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, source_crud_id, created_at)
      SELECT parent.user_id, ${userId}::uuid, 'reply', parent.id, reply.id, ${now} FROM parent, reply WHERE parent.user_id <> ${userId}::uuid
    ), ${tagsAndMentions("reply", { userId, message, now })}
    SELECT (SELECT id FROM reply) AS id, EXISTS (SELECT 1 FROM target WHERE blocked) AS blocked, (SELECT ok FROM ready) AS ready`;
  if (row?.blocked) return "blocked";
  if (row && !row.ready) return "images-gone";
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
