// Follows (docs/product.md §10): one click, no approval. Each write is one statement and idempotent; the lists
// are keyset-paginated by when the follow happened (ADR 016).
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { avatarUrl } from "~/models/avatar.server";
import { PAGE_SIZE } from "~/models/crud.server";
import { blockedBetween } from "~/models/safety.server";
import type { Cursor, Page } from "~/domain/cursor";

/**
 * `followerId` follows the user with this handle; following twice changes nothing. Null when no such
 * user; `followeeId` when found, with `added` true only when this call created the follow (the one
 * that should notify). Never oneself: the caller refuses that first, and a trigger backs it up.
 * `blocked` (nothing stored) when the two block each other, either way (ADR 018).
 */
export async function follow({ followerId, handle, now = new Date() }: { followerId: string; handle: string; now?: Date }) {
  const [row] = await queryRows<{ followeeId: string | null; added: boolean; blocked: boolean }>`
    WITH target AS (
      SELECT u.id, ${blockedBetween(Prisma.sql`u.id`, Prisma.sql`${followerId}::uuid`)} AS blocked FROM users u WHERE u.handle = ${handle.toLowerCase()}
    ), added AS (
      INSERT INTO follows (follower_id, followee_id, created_at)
      SELECT ${followerId}::uuid, t.id, ${now} FROM target t WHERE t.id <> ${followerId}::uuid AND NOT t.blocked
      ON CONFLICT DO NOTHING RETURNING followee_id
    )
    SELECT (SELECT id FROM target) AS "followeeId", EXISTS (SELECT 1 FROM added) AS added, EXISTS (SELECT 1 FROM target WHERE blocked) AS blocked`;
  return row?.followeeId ? { followeeId: row.followeeId, added: row.added, blocked: row.blocked } : null;
}

/** Stops following; idempotent. Null when no such user. */
export async function unfollow({ followerId, handle }: { followerId: string; handle: string }) {
  const [row] = await queryRows<{ followeeId: string | null }>`
    WITH target AS (SELECT u.id FROM users u WHERE u.handle = ${handle.toLowerCase()}),
    removed AS (DELETE FROM follows f WHERE f.follower_id = ${followerId}::uuid AND f.followee_id IN (SELECT id FROM target))
    SELECT (SELECT id FROM target) AS "followeeId"`;
  return row?.followeeId ? { followeeId: row.followeeId } : null;
}

export type FollowListKind = "following" | "followers";

/** A user in a follow list; `followedByViewer` drives the Follow/Unfollow button. */
export type FollowListUser = {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  followedByViewer: boolean;
  /** Their avatar's URL, or null (initials). */
  avatar: string | null;
};

type ListRow = {
  ownerId: string;
  ownerHandle: string;
  ownerName: string;
  followedAt: Date | null;
  avatarKey: string | null;
} & { [K in keyof Omit<FollowListUser, "avatar">]: FollowListUser[K] | null };

/**
 * The user with this handle and a page of whom they follow (`following`) or who follows them
 * (`followers`), newest follow first, in one statement: null when no such user. The cursor is the
 * last row's (follow time, listed user's id).
 */
export async function getFollowList({
  handle,
  kind,
  cursor,
  viewerId,
}: {
  handle: string;
  kind: FollowListKind;
  cursor?: Cursor;
  viewerId?: string | null;
}): Promise<{ owner: { id: string; handle: string; displayName: string }; page: Page<FollowListUser> } | null> {
  // "following": rows where the owner is the follower, listing followees; "followers": the reverse.
  const [ownerColumn, listedColumn] = kind === "following" ? ["follower_id", "followee_id"] : ["followee_id", "follower_id"];
  const owner = Prisma.raw(`f.${ownerColumn}`);
  const listed = Prisma.raw(`f.${listedColumn}`);
  const after = cursor ? Prisma.sql`AND (f.created_at, ${listed}) < (${cursor.at}, ${cursor.key}::uuid)` : Prisma.empty;
  const rows = await queryRows<ListRow>`
    WITH target AS (SELECT u.id, u.handle, u.display_name FROM users u WHERE u.handle = ${handle.toLowerCase()})
    SELECT t.id AS "ownerId", t.handle AS "ownerHandle", t.display_name AS "ownerName", l.followed_at AS "followedAt",
      l.id, l.handle, l.display_name AS "displayName", l.bio, l.avatar_key AS "avatarKey",
      EXISTS (SELECT 1 FROM follows v WHERE v.follower_id = ${viewerId ?? null}::uuid AND v.followee_id = l.id) AS "followedByViewer"
    FROM target t
    LEFT JOIN LATERAL (
      SELECT u.id, u.handle, u.display_name, u.bio, f.created_at AS followed_at,
        (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS avatar_key
      FROM follows f JOIN users u ON u.id = ${listed}
      WHERE ${owner} = t.id ${after}
      ORDER BY f.created_at DESC, ${listed} DESC
      LIMIT ${PAGE_SIZE + 1}
    ) l ON true
    ORDER BY l.followed_at DESC, l.id DESC`;
  const first = rows[0];
  if (!first) return null;
  const listedRows = rows.filter((row) => row.id !== null);
  const items: FollowListUser[] = listedRows.slice(0, PAGE_SIZE).map((row) => ({
    id: row.id!,
    handle: row.handle!,
    displayName: row.displayName!,
    bio: row.bio ?? "",
    followedByViewer: !!row.followedByViewer,
    avatar: avatarUrl(row.avatarKey),
  }));
  const last = listedRows[PAGE_SIZE - 1];
  return {
    owner: { id: first.ownerId, handle: first.ownerHandle, displayName: first.ownerName },
    page: { items, next: listedRows.length > PAGE_SIZE && last?.followedAt ? { at: last.followedAt, key: last.id! } : undefined },
  };
}
