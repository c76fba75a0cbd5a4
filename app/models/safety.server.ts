// Blocks and mutes (docs/product.md §10, docs/decisions/018-block-and-mute.md). The writes are one statement
// each and idempotent; the read filters below are SQL predicates that the page queries fold in, so
// hiding someone never costs a page an extra statement (each is a primary-key probe per row read).
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import type { Cursor, Page } from "~/domain/cursor";

/** The viewer: an id, or SQL naming one (such as `u.id` in the session lookup); none signed out, when every filter lets everything through. */
type Viewer = string | Prisma.Sql | null | undefined;

const viewer = (viewerId: Viewer) => (viewerId instanceof Prisma.Sql ? viewerId : Prisma.sql`${viewerId ?? null}::uuid`);

/**
 * True unless the viewer and the user in `column` block each other, in either direction: the
 * predicate that hides cruds, replies, reposts and notifications between them (two index probes).
 */
export function notBlocked(viewerId: Viewer, column: Prisma.Sql): Prisma.Sql {
  if (!viewerId) return Prisma.sql`TRUE`;
  return Prisma.sql`(NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = ${viewer(viewerId)} AND b.blocked_id = ${column})
    AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = ${column} AND b.blocked_id = ${viewer(viewerId)}))`;
}

/** True unless the viewer mutes the user in `column` (timelines and notifications only). */
export function notMuted(viewerId: Viewer, column: Prisma.Sql): Prisma.Sql {
  if (!viewerId) return Prisma.sql`TRUE`;
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = ${viewer(viewerId)} AND m.muted_id = ${column})`;
}

/** Neither blocked either way nor muted by the viewer: what the timelines and notifications show. */
export function notHidden(viewerId: Viewer, column: Prisma.Sql): Prisma.Sql {
  return viewerId ? Prisma.sql`${notBlocked(viewerId, column)} AND ${notMuted(viewerId, column)}` : Prisma.sql`TRUE`;
}

/** A block in either direction between the two users (the refusal of follows, replies, likes, reposts, messages). */
export function blockedBetween(one: Prisma.Sql, other: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = ${one} AND b.blocked_id = ${other}) OR (b.blocker_id = ${other} AND b.blocked_id = ${one}))`;
}

/**
 * `blockerId` blocks the user with this handle, and the follows between them end (both ways), in
 * one statement; blocking twice changes nothing. Null when no such user. Never oneself: the caller
 * refuses that first, and a trigger backs it up.
 */
export async function block({ blockerId, handle, now = new Date() }: { blockerId: string; handle: string; now?: Date }) {
  const [row] = await queryRows<{ targetId: string | null }>`
    WITH target AS (SELECT u.id FROM users u WHERE u.handle = ${handle.toLowerCase()}),
    added AS (
      INSERT INTO blocks (blocker_id, blocked_id, created_at)
      SELECT ${blockerId}::uuid, t.id, ${now} FROM target t WHERE t.id <> ${blockerId}::uuid
      ON CONFLICT DO NOTHING RETURNING blocked_id
    ), unfollowed AS (
      DELETE FROM follows f USING target t
      WHERE t.id <> ${blockerId}::uuid
        AND ((f.follower_id = ${blockerId}::uuid AND f.followee_id = t.id) OR (f.follower_id = t.id AND f.followee_id = ${blockerId}::uuid))
    )
    SELECT (SELECT id FROM target) AS "targetId"`;
  return row?.targetId ? { targetId: row.targetId } : null;
}

/** Undoes a block (the follows stay ended); idempotent. Null when no such user. */
export async function unblock({ blockerId, handle }: { blockerId: string; handle: string }) {
  const [row] = await queryRows<{ targetId: string | null }>`
    WITH target AS (SELECT u.id FROM users u WHERE u.handle = ${handle.toLowerCase()}),
    removed AS (DELETE FROM blocks b WHERE b.blocker_id = ${blockerId}::uuid AND b.blocked_id IN (SELECT id FROM target))
    SELECT (SELECT id FROM target) AS "targetId"`;
  return row?.targetId ? { targetId: row.targetId } : null;
}

/** `muterId` mutes the user with this handle; idempotent. Null when no such user. */
export async function mute({ muterId, handle, now = new Date() }: { muterId: string; handle: string; now?: Date }) {
  const [row] = await queryRows<{ targetId: string | null }>`
    WITH target AS (SELECT u.id FROM users u WHERE u.handle = ${handle.toLowerCase()}),
    added AS (
      INSERT INTO mutes (muter_id, muted_id, created_at)
      SELECT ${muterId}::uuid, t.id, ${now} FROM target t WHERE t.id <> ${muterId}::uuid
      ON CONFLICT DO NOTHING
    )
    SELECT (SELECT id FROM target) AS "targetId"`;
  return row?.targetId ? { targetId: row.targetId } : null;
}

/** Undoes a mute; idempotent. Null when no such user. */
export async function unmute({ muterId, handle }: { muterId: string; handle: string }) {
  const [row] = await queryRows<{ targetId: string | null }>`
    WITH target AS (SELECT u.id FROM users u WHERE u.handle = ${handle.toLowerCase()}),
    removed AS (DELETE FROM mutes m WHERE m.muter_id = ${muterId}::uuid AND m.muted_id IN (SELECT id FROM target))
    SELECT (SELECT id FROM target) AS "targetId"`;
  return row?.targetId ? { targetId: row.targetId } : null;
}

/** Whom the block confirmation page (`/@handle/block`) names: their name, and whether `blockerId` already blocks them. Null when no such user. */
export async function getBlockTarget(blockerId: string, handle: string) {
  const [row] = await queryRows<{ id: string; handle: string; displayName: string; blocked: boolean }>`
    SELECT u.id, u.handle, u.display_name AS "displayName",
      EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = ${blockerId}::uuid AND b.blocked_id = u.id) AS blocked
    FROM users u WHERE u.handle = ${handle.toLowerCase()}`;
  return row ?? null;
}

export type SafetyListKind = "blocks" | "mutes";

export type SafetyListUser = { id: string; handle: string; displayName: string; since: Date };

/** A page of the settings lists (newest first); past it, an "Older" link. */
export const SAFETY_PAGE_SIZE = 500;

/** A page of the people `ownerId` blocks or mutes, newest first (the settings pages), keyset-paginated on (since, id). */
export async function getSafetyList(ownerId: string, kind: SafetyListKind, cursor?: Cursor, pageSize = SAFETY_PAGE_SIZE): Promise<Page<SafetyListUser>> {
  const from =
    kind === "blocks"
      ? Prisma.sql`FROM blocks s JOIN users u ON u.id = s.blocked_id WHERE s.blocker_id = ${ownerId}::uuid`
      : Prisma.sql`FROM mutes s JOIN users u ON u.id = s.muted_id WHERE s.muter_id = ${ownerId}::uuid`;
  const after = cursor ? Prisma.sql`AND (s.created_at, u.id) < (${cursor.at}, ${cursor.key}::uuid)` : Prisma.empty;
  const rows = await queryRows<SafetyListUser>`
    SELECT u.id, u.handle, u.display_name AS "displayName", s.created_at AS since ${from} ${after}
    ORDER BY s.created_at DESC, u.id DESC LIMIT ${pageSize + 1}`;
  const items = rows.slice(0, pageSize);
  const last = items.at(-1);
  return { items, next: rows.length > pageSize && last ? { at: last.since, key: last.id } : undefined };
}
