// Notifications (SPEC §3): replies to, likes of, reposts of and @mentions in your live cruds. They
// are written by the posting and interaction statements; read here, grouped, and marked read.
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { liveCrud } from "~/models/crud.server";

export type NotificationKind = "reply" | "like" | "repost" | "mention";

export type NotificationGroup = {
  key: string;
  kind: NotificationKind;
  crudId: string;
  crudHandle: string;
  crudMessage: string;
  /** Up to three actors, newest first, and how many there are in all. */
  actors: { handle: string; displayName: string }[];
  actorCount: number;
  latestAt: Date;
  unread: boolean;
  /** For a reply: the reply itself. */
  replyId: string | null;
  replyMessage: string | null;
};

const LIMIT = 50;
/** At most this many of the newest notifications are grouped into the page's LIMIT entries. */
const SCANNED = 1_000;

/**
 * Your notifications, newest first, grouped: likes and reposts of one crud become one entry
 * ("Bayko and 3 others liked your crud"); replies and mentions stay one entry each. Only live
 * cruds count (a notification dies with its crud). One query, reading at most the newest SCANNED.
 */
export async function getNotificationGroups(userId: string, now: Date): Promise<NotificationGroup[]> {
  return queryRows<NotificationGroup>`
    WITH visible AS (
      SELECT n.*, CASE WHEN n.kind IN ('like', 'repost') THEN n.kind::text || ':' || n.crud_id::text ELSE n.id::text END AS group_key
      FROM notifications n JOIN cruds c ON c.id = n.crud_id
      WHERE n.recipient_id = ${userId}::uuid AND ${liveCrud(now)}
        AND (n.source_crud_id IS NULL OR EXISTS (SELECT 1 FROM cruds s WHERE s.id = n.source_crud_id AND s.expires_at > ${now}))
      -- The newest ones only (index on recipient, created_at): a very popular user's page stays cheap.
      ORDER BY n.created_at DESC
      LIMIT ${SCANNED}
    ), groups AS (
      SELECT group_key, min(kind::text) AS kind, min(crud_id::text)::uuid AS crud_id, min(source_crud_id::text)::uuid AS source_crud_id,
        max(created_at) AS latest_at, bool_or(read_at IS NULL) AS unread, count(DISTINCT actor_id)::int AS actor_count,
        (array_agg(actor_id ORDER BY created_at DESC))[1:3] AS actor_ids
      FROM visible GROUP BY group_key
      ORDER BY max(created_at) DESC LIMIT ${LIMIT}
    )
    SELECT g.group_key AS key, g.kind, g.crud_id AS "crudId", cu.handle AS "crudHandle", c.message AS "crudMessage",
      g.actor_count AS "actorCount", g.latest_at AS "latestAt", g.unread,
      g.source_crud_id AS "replyId", s.message AS "replyMessage",
      (SELECT coalesce(json_agg(json_build_object('handle', a.handle, 'displayName', a.display_name) ORDER BY ord), '[]'::json)
       FROM unnest(g.actor_ids) WITH ORDINALITY AS x(actor_id, ord) JOIN users a ON a.id = x.actor_id) AS actors
    FROM groups g JOIN cruds c ON c.id = g.crud_id JOIN users cu ON cu.id = c.user_id
    LEFT JOIN cruds s ON s.id = g.source_crud_id
    ORDER BY g.latest_at DESC`;
}

/**
 * Unread notifications about live cruds (the nav badge), as a scalar subquery for the user that
 * `userId` names (a parameter, or a column such as `u.id` when the session lookup folds it in).
 */
export function unreadNotificationsCount(userId: Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`(SELECT count(*)::int FROM notifications n JOIN cruds c ON c.id = n.crud_id
    WHERE n.recipient_id = ${userId} AND n.read_at IS NULL AND ${liveCrud(now)})`;
}

/** Opening the notifications page marks everything up to now read. */
export async function markNotificationsRead(userId: string, now: Date): Promise<void> {
  await queryRows`UPDATE notifications SET read_at = ${now} WHERE recipient_id = ${userId}::uuid AND read_at IS NULL AND created_at <= ${now}`;
}
