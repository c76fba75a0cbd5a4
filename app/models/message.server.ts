// Direct messages (docs/product.md §3 /messages). A conversation is never addressed by its id: every query
// starts from the viewer's id and the other person's id, so no query can return the messages of a
// conversation the viewer is not part of. Messages do not expire (docs/decisions/009-…).
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { avatarUrl } from "~/models/avatar.server";
import { blockedBetween } from "~/models/safety.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";
import { uuidKey, type Cursor } from "~/domain/cursor-key";

/** Messages shown per conversation page (the latest ones; "Earlier messages" pages back). */
export const MESSAGES_PAGE_SIZE = 50;
/** Conversations per page of the list. */
export const CONVERSATIONS_PAGE_SIZE = 30;

export type Participant = { id: string; handle: string; displayName: string; avatar: string | null };

/** The pair as stored: user_a_id sorts before user_b_id (a trigger enforces it), one row per pair. */
function pair(one: string, other: string): [string, string] {
  return one < other ? [one, other] : [other, one];
}

/** `blocked`: a block stands between the two, either way (ADR 018): the conversation can be read, not added to. */
export type Recipient = { ok: true; user: Participant; blocked: boolean } | { ok: false; reason: "unknown" | "self" };

/** The person at the other end of `/messages/@handle`: unknown handles and yourself are refused. */
export async function findRecipient(viewerId: string, handle: string): Promise<Recipient> {
  const [row] = await queryRows<Omit<Participant, "avatar"> & { avatarKey: string | null; blocked: boolean }>`
    SELECT u.id, u.handle, u.display_name AS "displayName", (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS "avatarKey",
      ${blockedBetween(Prisma.sql`u.id`, Prisma.sql`${viewerId}::uuid`)} AS blocked
    FROM users u WHERE u.handle = ${handle.toLowerCase()}`;
  if (!row) return { ok: false, reason: "unknown" };
  if (row.id === viewerId) return { ok: false, reason: "self" };
  const { blocked, avatarKey, ...user } = row;
  return { ok: true, user: { ...user, avatar: avatarUrl(avatarKey) }, blocked };
}

export type DirectMessage = { id: string; body: string; createdAt: Date; fromViewer: boolean };

/**
 * A page of the conversation between the viewer and `otherId`, oldest first: the latest
 * MESSAGES_PAGE_SIZE messages, or those before `before`. `earlier` is the cursor of the page before.
 */
export async function getMessages({ viewerId, otherId, before }: { viewerId: string; otherId: string; before?: Cursor }) {
  const [a, b] = pair(viewerId, otherId);
  const rows = await queryRows<DirectMessage & { senderId: string }>`
    SELECT m.id, m.body, m.created_at AS "createdAt", m.sender_id = ${viewerId}::uuid AS "fromViewer"
    FROM conversations cv JOIN messages m ON m.conversation_id = cv.id
    WHERE cv.user_a_id = ${a}::uuid AND cv.user_b_id = ${b}::uuid
      ${before ? Prisma.sql`AND (m.created_at, m.id) < (${before.at}, ${uuidKey(before)}::uuid)` : Prisma.empty}
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${MESSAGES_PAGE_SIZE + 1}`;
  const page = rows.slice(0, MESSAGES_PAGE_SIZE).reverse();
  const first = page[0];
  return {
    messages: page,
    earlier: rows.length > MESSAGES_PAGE_SIZE && first ? { at: first.createdAt, key: first.id } : undefined,
  };
}

/**
 * Opening a conversation marks it read for the viewer (only their side; never the other's).
 * Returns whether it was unread for them (as the nav badge counts it) until now.
 */
export async function markConversationRead({ viewerId, otherId, now }: { viewerId: string; otherId: string; now: Date }): Promise<boolean> {
  const [a, b] = pair(viewerId, otherId);
  const viewer = uuidParam(viewerId);
  const [row] = await queryRows<{ wasUnread: boolean }>`
    WITH mine AS (
      SELECT id, last_message_at, CASE WHEN user_a_id = ${viewer} THEN user_a_read_at ELSE user_b_read_at END AS read_at
      FROM conversations WHERE user_a_id = ${a}::uuid AND user_b_id = ${b}::uuid
    ), before AS (SELECT mine.id, ${unread(viewer)} AS was_unread FROM mine)
    UPDATE conversations c SET
      user_a_read_at = CASE WHEN c.user_a_id = ${viewer} THEN GREATEST(c.user_a_read_at, ${now}) ELSE c.user_a_read_at END,
      user_b_read_at = CASE WHEN c.user_b_id = ${viewer} THEN GREATEST(c.user_b_read_at, ${now}) ELSE c.user_b_read_at END
    FROM before WHERE c.id = before.id
    RETURNING before.was_unread AS "wasUnread"`;
  return row?.wasUnread ?? false;
}

/**
 * Sends a message (already validated by MessageSchema): creates the conversation on first use,
 * moves its last_message_at, and marks it read for the sender (they are looking at it), in one
 * atomic statement.
 */
export async function sendMessage({ senderId, recipientId, body, now }: { senderId: string; recipientId: string; body: string; now: Date }) {
  if (senderId === recipientId) throw new Error("Cannot message yourself");
  const [a, b] = pair(senderId, recipientId);
  const [row] = await queryRows<{ id: string }>`
    WITH cv AS (
      INSERT INTO conversations AS c (user_a_id, user_b_id, created_at, last_message_at, user_a_read_at, user_b_read_at)
      VALUES (${a}::uuid, ${b}::uuid, ${now}, ${now},
              CASE WHEN ${a}::uuid = ${senderId}::uuid THEN ${now}::timestamptz END,
              CASE WHEN ${b}::uuid = ${senderId}::uuid THEN ${now}::timestamptz END)
      ON CONFLICT (user_a_id, user_b_id) DO UPDATE SET
        last_message_at = GREATEST(c.last_message_at, EXCLUDED.last_message_at),
        user_a_read_at = CASE WHEN c.user_a_id = ${senderId}::uuid THEN GREATEST(c.user_a_read_at, ${now}) ELSE c.user_a_read_at END,
        user_b_read_at = CASE WHEN c.user_b_id = ${senderId}::uuid THEN GREATEST(c.user_b_read_at, ${now}) ELSE c.user_b_read_at END
      RETURNING c.id
    )
    INSERT INTO messages (conversation_id, sender_id, body, created_at)
    SELECT cv.id, ${senderId}::uuid, ${body}, ${now} FROM cv
    RETURNING id`;
  if (!row) throw new Error("The message was not stored");
  forgetSuggestionsFor(senderId, recipientId);
  return row;
}

/**
 * The viewer's side of their conversations, as one derived table: each row's other person and the
 * viewer's read time. Both halves use an index led by the viewer's column.
 */
const myConversations = (viewer: Prisma.Sql) => Prisma.sql`(
  SELECT id, user_b_id AS other_id, last_message_at, user_a_read_at AS read_at FROM conversations WHERE user_a_id = ${viewer}
  UNION ALL
  SELECT id, user_a_id AS other_id, last_message_at, user_b_read_at AS read_at FROM conversations WHERE user_b_id = ${viewer}
)`;

const uuidParam = (id: string) => Prisma.sql`${id}::uuid`;

/** Unread: a message from the other person after the viewer last opened the conversation. */
const unread = (viewer: Prisma.Sql) => Prisma.sql`(
  mine.last_message_at > COALESCE(mine.read_at, '-infinity')
  AND EXISTS (
    SELECT 1 FROM messages m
    WHERE m.conversation_id = mine.id AND m.sender_id <> ${viewer} AND m.created_at > COALESCE(mine.read_at, '-infinity')
  ))`;

export type ConversationSummary = {
  id: string;
  handle: string;
  displayName: string;
  lastMessageAt: Date;
  lastMessage: string;
  lastFromViewer: boolean;
  unread: boolean;
  avatar: string | null;
};

/** The viewer's conversations, latest message first, each with its last message: one query. */
export async function listConversations({ viewerId, cursor }: { viewerId: string; cursor?: Cursor }) {
  const rows = await queryRows<Omit<ConversationSummary, "avatar"> & { avatarKey: string | null }>`
    SELECT mine.id, u.handle, u.display_name AS "displayName", mine.last_message_at AS "lastMessageAt",
           (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS "avatarKey",
           last.body AS "lastMessage", last.sender_id = ${viewerId}::uuid AS "lastFromViewer", ${unread(uuidParam(viewerId))} AS unread
    FROM ${myConversations(uuidParam(viewerId))} mine
    JOIN users u ON u.id = mine.other_id
    CROSS JOIN LATERAL (
      SELECT m.body, m.sender_id FROM messages m WHERE m.conversation_id = mine.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1
    ) last
    ${cursor ? Prisma.sql`WHERE (mine.last_message_at, mine.id) < (${cursor.at}, ${uuidKey(cursor)}::uuid)` : Prisma.empty}
    ORDER BY mine.last_message_at DESC, mine.id DESC
    LIMIT ${CONVERSATIONS_PAGE_SIZE + 1}`;
  const items = rows.slice(0, CONVERSATIONS_PAGE_SIZE).map(({ avatarKey, ...conversation }) => ({ ...conversation, avatar: avatarUrl(avatarKey) }));
  const last = items.at(-1);
  return { items, next: rows.length > CONVERSATIONS_PAGE_SIZE && last ? { at: last.lastMessageAt, key: last.id } : undefined };
}

/**
 * For the nav badge: how many conversations have a message from the other person the viewer has not
 * seen, as a scalar subquery for the user `viewer` names (a parameter, or a column such as `u.id`).
 */
export function unreadConversationsCount(viewer: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT count(*)::int FROM ${myConversations(viewer)} mine WHERE ${unread(viewer)})`;
}
