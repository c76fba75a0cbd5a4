// Notifications (docs/product.md §3, §10): replies to, likes of, reposts of and @mentions in your live cruds,
// and "@x followed you". The crud ones are written by the posting and interaction statements, the
// follow ones by the follow action (below); read here, grouped, and marked read.
import { Prisma } from "~/generated/prisma/client";
import { prisma, queryRows } from "~/db.server";
import { crudImages, crudPictures, liveCrud } from "~/models/crud.server";
import type { CrudImage, PictureRow } from "~/domain/pictures";
import { notHidden } from "~/models/safety.server";
import { avatarUrl } from "~/models/avatar.server";
import { uuidKey, type Cursor } from "~/domain/cursor-key";

export type CrudNotificationKind = "reply" | "like" | "repost" | "mention";
export type NotificationKind = CrudNotificationKind | "follow";

/** One person in a group: their avatar (or null: initials), and whether the recipient follows them (a follow's "Follow back"). */
export type NotificationActor = { handle: string; displayName: string; avatar: string | null; followedByViewer: boolean };

type GroupBase = {
  /** The group's newest notification: with `latestAt`, its place in the keyset (a Cursor's key). */
  key: string;
  /** Up to three actors, newest first, and how many there are in all. */
  actors: NotificationActor[];
  actorCount: number;
  latestAt: Date;
  unread: boolean;
};

export type NotificationGroup =
  | (GroupBase & {
      kind: CrudNotificationKind;
      crudId: string;
      crudHandle: string;
      crudMessage: string;
      /** The crud's images (a notification shows them small, beside its text), unless they are marked sensitive. */
      crudImages: CrudImage[];
      /** For a reply: the reply itself. */
      replyId: string | null;
      replyMessage: string | null;
    })
  // A follow points at no crud (the notifications_validate trigger); the follows of one day are one entry.
  | (GroupBase & { kind: "follow"; crudId: null; crudHandle: null; crudMessage: null; crudImages: []; replyId: null; replyMessage: null });

/** Groups per page. */
export const NOTIFICATIONS_PAGE_SIZE = 50;
/** At most this many of the newest notifications are grouped, over all pages. */
const SCANNED = 1_000;

/** All of them, or only the @mentions (the page's Mentions tab). */
export type NotificationFilter = "all" | "mentions";

/**
 * Whether notification `n` (its crud joined as `c`, LEFT JOIN) may be shown or counted to `recipient`:
 * a follow (no crud) always, any other only while its crud is live (docs/product.md §2, from the second it
 * expires); never one by someone the recipient mutes or blocks, or who blocks them (ADR 018).
 */
function visible(now: Date, recipient: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(n.crud_id IS NULL OR ${liveCrud(now)}) AND ${notHidden(recipient, Prisma.sql`n.actor_id`)}`;
}

/**
 * The entry notification `n` belongs to (ADR 036): a crud's likes, a crud's reposts, a day's follows (UTC);
 * any other is an entry of its own. The page groups by it and the badge counts it.
 */
const GROUP_KEY = Prisma.sql`CASE WHEN n.kind IN ('like', 'repost') THEN n.kind::text || ':' || n.crud_id::text
  WHEN n.kind = 'follow' THEN 'follow:' || to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
  ELSE n.id::text END`;

type GroupRow = Omit<NotificationGroup, "crudImages" | "actors"> & {
  actors: (Omit<NotificationActor, "avatar"> & { avatarKey: string | null })[];
  pictures: PictureRow[] | null;
  crudExpiresAt: Date | null;
  crudSensitive: boolean | null;
};

/**
 * Your notifications, newest first, grouped (docs/product.md §3, ADR 036): likes of one crud become one
 * entry ("Bayko and 3 others liked your crud"), reposts of one crud another, and the follows of one day
 * (UTC) one more; replies and mentions stay one entry each. Only live cruds count (a notification dies
 * with its crud), nobody the recipient mutes or blocks. One query, grouping at most the newest SCANNED.
 *
 * Pages: a group's place is (its newest notification's time, that notification's id), unique and
 * fixed while nothing new arrives; the next page is the groups below the last one's place (`cursor`).
 * The groups are always formed from the same newest SCANNED notifications, never from those below
 * the cursor only, so a group is whole on the one page where its newest member puts it, and never
 * split over two pages. A newer like moves its group up, to a page already seen: no entry twice.
 */
export async function getNotificationGroups(
  userId: string,
  now: Date,
  { filter = "all", cursor }: { filter?: NotificationFilter; cursor?: Cursor } = {},
): Promise<{ groups: NotificationGroup[]; next: Cursor | undefined }> {
  const rows = await queryRows<GroupRow>`
    WITH visible AS (
      SELECT n.*,
        ${GROUP_KEY} AS group_key,
        json_build_object('id', a.id, 'handle', a.handle, 'displayName', a.display_name, 'avatarId', a.avatar_id) AS actor
      FROM notifications n LEFT JOIN cruds c ON c.id = n.crud_id JOIN users a ON a.id = n.actor_id
      WHERE n.recipient_id = ${userId}::uuid AND ${visible(now, Prisma.sql`${userId}::uuid`)}
        ${filter === "mentions" ? Prisma.sql`AND n.kind = 'mention'` : Prisma.empty}
        AND (n.source_crud_id IS NULL OR EXISTS (SELECT 1 FROM cruds s WHERE s.id = n.source_crud_id AND s.expires_at > ${now}))
      -- The newest ones only (index on recipient, created_at): a very popular user's page stays cheap.
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT ${SCANNED}
    ), ranked AS (
      -- A person's newest notification in each group (following twice in a day names them once).
      SELECT visible.*, row_number() OVER (PARTITION BY group_key, actor_id ORDER BY created_at DESC, id DESC) AS actor_rank FROM visible
    ), grouped AS (
      SELECT group_key, min(kind::text) AS kind, min(crud_id::text)::uuid AS crud_id, min(source_crud_id::text)::uuid AS source_crud_id,
        max(created_at) AS latest_at, (array_agg(id ORDER BY created_at DESC, id DESC))[1] AS newest_id,
        bool_or(read_at IS NULL) AS unread, count(DISTINCT actor_id)::int AS actor_count,
        -- The three latest actors, named as the rows are read (a lookup per group of an array of ids
        -- made the planner scan every user once per group); their avatars and follows below, by key.
        (array_agg(actor ORDER BY created_at DESC, id DESC) FILTER (WHERE actor_rank = 1))[1:3] AS actors
      FROM ranked GROUP BY group_key
    ), groups AS (
      SELECT * FROM grouped
      ${cursor ? Prisma.sql`WHERE (latest_at, newest_id) < (${cursor.at}, ${uuidKey(cursor)}::uuid)` : Prisma.empty}
      ORDER BY latest_at DESC, newest_id DESC LIMIT ${NOTIFICATIONS_PAGE_SIZE + 1}
    )
    SELECT g.newest_id AS key, g.kind, g.crud_id AS "crudId", cu.handle AS "crudHandle", c.message AS "crudMessage",
      c.expires_at AS "crudExpiresAt", c.sensitive AS "crudSensitive", ${crudPictures},
      g.actor_count AS "actorCount", g.latest_at AS "latestAt", g.unread,
      g.source_crud_id AS "replyId", s.message AS "replyMessage",
      (SELECT json_agg(json_build_object('handle', x.actor->>'handle', 'displayName', x.actor->>'displayName',
          'avatarKey', av.key,
          'followedByViewer', EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${userId}::uuid AND f.followee_id = (x.actor->>'id')::uuid))
          ORDER BY x.ord)
        FROM unnest(g.actors) WITH ORDINALITY AS x(actor, ord) LEFT JOIN pictures av ON av.id = (x.actor->>'avatarId')::uuid) AS actors
    FROM groups g LEFT JOIN cruds c ON c.id = g.crud_id LEFT JOIN users cu ON cu.id = c.user_id
    LEFT JOIN cruds s ON s.id = g.source_crud_id
    ORDER BY g.latest_at DESC, g.newest_id DESC`;
  const groups = rows.slice(0, NOTIFICATIONS_PAGE_SIZE).map(({ pictures, crudExpiresAt, crudSensitive, actors, ...group }) => ({
    ...group,
    actors: actors.map(({ avatarKey, ...actor }) => ({ ...actor, avatar: avatarUrl(avatarKey) })),
    // Images the author hid behind a warning are not shown here, where there is no "Show".
    crudImages: crudExpiresAt && !crudSensitive ? crudImages(pictures, crudExpiresAt) : [],
  })) as NotificationGroup[];
  const last = groups.at(-1);
  return { groups, next: rows.length > NOTIFICATIONS_PAGE_SIZE && last ? { at: last.latestAt, key: last.key } : undefined };
}

/**
 * The nav badge: how many entries of the page have something unread (notifications about live cruds,
 * follows), counted as the page groups them (ADR 036: four new likes of one crud are one), as a scalar
 * subquery for the user that `userId` names (a parameter, or a column such as `u.id` when the session
 * lookup folds it in).
 */
export function unreadNotificationsCount(userId: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`(SELECT count(DISTINCT ${GROUP_KEY})::int FROM notifications n LEFT JOIN cruds c ON c.id = n.crud_id
    WHERE n.recipient_id = ${userId} AND n.read_at IS NULL AND ${visible(now, userId)})`;
}

/** Opening the notifications page marks everything up to now read. */
export async function markNotificationsRead(userId: string, now: Date): Promise<void> {
  await queryRows`UPDATE notifications SET read_at = ${now} WHERE recipient_id = ${userId}::uuid AND read_at IS NULL AND created_at <= ${now}`;
}

type FollowPair = { followerId: string; followeeId: string };

/**
 * "@follower followed you", as one INSERT for the follow action's statement (e.g. a CTE:
 * `note AS (${followNotificationInsert({ ..., when: Prisma.sql`EXISTS (SELECT 1 FROM added)` })})`).
 * Idempotent per pair while unread: if the followee has not yet seen an earlier follow by the same
 * person, nothing is added (the partial unique index notifications_unread_follow_key, race-free), so
 * following and unfollowing five times leaves one entry. Once read, a new follow notifies again,
 * which needs the followee to open the page in between: no flood. Never for following yourself.
 */
export function followNotificationInsert({ followerId, followeeId, now, when = Prisma.sql`TRUE` }: FollowPair & { now: Date; when?: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
    SELECT ${followeeId}::uuid, ${followerId}::uuid, 'follow', NULL, ${now} WHERE ${followerId}::uuid <> ${followeeId}::uuid AND ${when}
    ON CONFLICT (recipient_id, actor_id) WHERE crud_id IS NULL AND read_at IS NULL DO NOTHING
    RETURNING id`;
}

/** Notifies the followee of a follow (one statement); true if a notification was added. */
export async function notifyFollowed({ followerId, followeeId, now = new Date() }: FollowPair & { now?: Date }): Promise<boolean> {
  const rows = await queryRows<{ id: string }>`${followNotificationInsert({ followerId, followeeId, now })}`;
  return rows.length > 0;
}

/**
 * On unfollow: the pair's follow notification goes if the followee has not seen it yet (a follow
 * that no longer holds would be news that is not true); once read, it stays as history, like any
 * other read notification. One DELETE for the unfollow action's statement (`when` as above).
 */
export function followNotificationDelete({ followerId, followeeId, when = Prisma.sql`TRUE` }: FollowPair & { when?: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`DELETE FROM notifications
    WHERE recipient_id = ${followeeId}::uuid AND actor_id = ${followerId}::uuid AND kind = 'follow' AND crud_id IS NULL AND read_at IS NULL AND ${when}
    RETURNING id`;
}

/** Withdraws the pair's unread follow notification (one statement); true if there was one. */
export async function withdrawFollowNotification(pair: FollowPair): Promise<boolean> {
  const rows = await queryRows<{ id: string }>`${followNotificationDelete(pair)}`;
  return rows.length > 0;
}

/**
 * Read follow notifications are kept this long, as long as the longest-lived crud's notifications
 * can be (30 days); then the purge deletes them. Unread ones stay until read (at most one per pair),
 * so nobody misses a follow by being away.
 */
export const FOLLOW_NOTIFICATION_RETENTION_MS = 30 * 24 * 3_600_000;

/** The purge's share: read follow notifications older than the retention (no crud takes them along). */
export async function deleteOldFollowNotifications(now = new Date()): Promise<number> {
  const { count } = await prisma.notification.deleteMany({
    where: { crudId: null, readAt: { not: null }, createdAt: { lt: new Date(now.getTime() - FOLLOW_NOTIFICATION_RETENTION_MS) } },
  });
  return count;
}
