// The data export (docs/decisions/023-lifetime-export-feed.md, docs/export-format.md): every part of an
// account's data, read in pages so the download can be streamed, never built in memory. Each page
// is one statement on an index, a keyset from the last row of the page before, and takes the time
// afresh: a crud that expires while the download runs is not written after it has expired.
// Only what the account itself may see: never who blocks it, never a conversation it is not in.
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { crudImages, crudPictures, liveCrud } from "~/models/crud.server";
import type { PictureRow } from "~/domain/pictures";
import { notBlocked } from "~/models/safety.server";

/** Where the next page starts: the sort time and the tie-breaking id of the last row taken. */
export type ExportCursor = { at: Date; key: string };
/** A page of rows, each with the cursor that continues after it. */
export type Paged<T> = (T & { cursor: ExportCursor })[];
type PageArgs = { userId: string; after?: ExportCursor; limit: number };

export type ExportAccount = { id: string; handle: string; displayName: string; bio: string; email: string; role: string; createdAt: Date };

export async function getExportAccount(userId: string): Promise<ExportAccount | null> {
  const [row] = await queryRows<ExportAccount>`
    SELECT u.id, u.handle, u.display_name AS "displayName", u.bio, u.email, u.role::text AS role, u.created_at AS "createdAt"
    FROM users u WHERE u.id = ${userId}::uuid`;
  return row ?? null;
}

/** `AND (sort, key) <op> (cursor)`: the keyset condition, or nothing for the first page. */
const past = (after: ExportCursor | undefined, sort: string, key: string, op: "<" | ">") =>
  after ? Prisma.sql`AND (${Prisma.raw(sort)}, ${Prisma.raw(key)}) ${Prisma.raw(op)} (${after.at}, ${after.key}::uuid)` : Prisma.empty;

export type ExportCrud = {
  id: string;
  message: string;
  replyToId: string | null;
  createdAt: Date;
  expiresAt: Date;
  repliesCount: number;
  likesCount: number;
  repostsCount: number;
  /** Each image's address (valid while the crud lives) and description, in order (docs/export-format.md). */
  images: { address: string; description: string }[];
};

/** The account's live cruds and replies, newest first (cruds_user_id_created_at_idx). */
export function exportCruds({ userId, after, limit }: PageArgs): Promise<Paged<ExportCrud>> {
  return queryRows<Omit<ExportCrud, "images"> & { pictures: PictureRow[] | null; cursor: ExportCursor }>`
    SELECT c.id, c.message, c.reply_to_id AS "replyToId", c.created_at AS "createdAt", c.expires_at AS "expiresAt",
      c.replies_count AS "repliesCount", c.likes_count AS "likesCount", c.reposts_count AS "repostsCount", ${crudPictures},
      json_build_object('at', c.created_at, 'key', c.id) AS cursor
    FROM cruds c
    WHERE c.user_id = ${userId}::uuid AND ${liveCrud(new Date())} ${past(after, "c.created_at", "c.id", "<")}
    ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`.then((rows) =>
    withDates(rows).map(({ pictures, ...crud }) => ({
      ...crud,
      images: crudImages(pictures, crud.expiresAt).map((image) => ({ address: image.src, description: image.alt })),
    })),
  );
}

export type ExportInteraction = { crudId: string; author: string; createdAt: Date };

/**
 * The account's reposts of live cruds, newest first (reposts_user_id_created_at_idx), and only of
 * cruds it may see (a block either way hides them everywhere, ADR 018; so here too).
 */
export function exportReposts({ userId, after, limit }: PageArgs): Promise<Paged<ExportInteraction>> {
  return queryRows<ExportInteraction & { cursor: ExportCursor }>`
    SELECT r.crud_id AS "crudId", u.handle AS author, r.created_at AS "createdAt", json_build_object('at', r.created_at, 'key', r.crud_id) AS cursor
    FROM reposts r JOIN cruds c ON c.id = r.crud_id JOIN users u ON u.id = c.user_id
    WHERE r.user_id = ${userId}::uuid AND ${liveCrud(new Date())} AND ${notBlocked(userId, Prisma.sql`c.user_id`)}
      ${past(after, "r.created_at", "r.crud_id", "<")}
    ORDER BY r.created_at DESC, r.crud_id DESC LIMIT ${limit}`.then(withDates);
}

/** The account's likes of live cruds it may see, in the order of the likes' primary key (by crud id: no index by time). */
export function exportLikes({ userId, after, limit }: PageArgs): Promise<Paged<ExportInteraction>> {
  return queryRows<ExportInteraction & { cursor: ExportCursor }>`
    SELECT l.crud_id AS "crudId", u.handle AS author, l.created_at AS "createdAt", json_build_object('at', l.created_at, 'key', l.crud_id) AS cursor
    FROM likes l JOIN cruds c ON c.id = l.crud_id JOIN users u ON u.id = c.user_id
    WHERE l.user_id = ${userId}::uuid AND ${liveCrud(new Date())} AND ${notBlocked(userId, Prisma.sql`c.user_id`)}
      ${after ? Prisma.sql`AND l.crud_id > ${after.key}::uuid` : Prisma.empty}
    ORDER BY l.crud_id LIMIT ${limit}`.then(withDates);
}

export type ExportPerson = { handle: string; displayName: string; since: Date };

type PeopleTable = { table: "follows" | "blocks" | "mutes"; mine: string; theirs: string };
/** Whom the account follows / who follows it / whom it blocks / whom it mutes. Never who blocks or mutes it. */
export const PEOPLE = {
  following: { table: "follows", mine: "follower_id", theirs: "followee_id" },
  followers: { table: "follows", mine: "followee_id", theirs: "follower_id" },
  blocks: { table: "blocks", mine: "blocker_id", theirs: "blocked_id" },
  mutes: { table: "mutes", mine: "muter_id", theirs: "muted_id" },
} as const satisfies Record<string, PeopleTable>;

/** A page of one of the PEOPLE lists, newest first (each has an index led by `mine`, created_at). */
export function exportPeople(list: PeopleTable, { userId, after, limit }: PageArgs): Promise<Paged<ExportPerson>> {
  const [table, mine, theirs] = [list.table, `x.${list.mine}`, `x.${list.theirs}`].map((name) => Prisma.raw(name));
  return queryRows<ExportPerson & { cursor: ExportCursor }>`
    SELECT u.handle, u.display_name AS "displayName", x.created_at AS since, json_build_object('at', x.created_at, 'key', ${theirs}) AS cursor
    FROM ${table} x JOIN users u ON u.id = ${theirs}
    WHERE ${mine} = ${userId}::uuid ${past(after, "x.created_at", `x.${list.theirs}`, "<")}
    ORDER BY x.created_at DESC, ${theirs} DESC LIMIT ${limit}`.then(withDates);
}

export type ExportConversation = { id: string; with: { handle: string; displayName: string }; startedAt: Date };

/** The conversations the account is in (either side), by id. */
export function exportConversations({ userId, after, limit }: PageArgs): Promise<Paged<ExportConversation>> {
  return queryRows<ExportConversation & { cursor: ExportCursor }>`
    SELECT c.id, json_build_object('handle', u.handle, 'displayName', u.display_name) AS "with", c.created_at AS "startedAt",
      json_build_object('at', c.created_at, 'key', c.id) AS cursor
    FROM conversations c
    JOIN users u ON u.id = CASE WHEN c.user_a_id = ${userId}::uuid THEN c.user_b_id ELSE c.user_a_id END
    WHERE (c.user_a_id = ${userId}::uuid OR c.user_b_id = ${userId}::uuid) ${after ? Prisma.sql`AND c.id > ${after.key}::uuid` : Prisma.empty}
    ORDER BY c.id LIMIT ${limit}`.then(withDates);
}

export type ExportMessage = { id: string; from: string; body: string; sentAt: Date };

/**
 * A page of one conversation's messages, oldest first (messages_conversation_id_created_at_idx).
 * The conversation must have the account in it, checked here again, whoever calls.
 */
export function exportMessages(conversationId: string, { userId, after, limit }: PageArgs): Promise<Paged<ExportMessage>> {
  return queryRows<ExportMessage & { cursor: ExportCursor }>`
    SELECT m.id, s.handle AS "from", m.body, m.created_at AS "sentAt", json_build_object('at', m.created_at, 'key', m.id) AS cursor
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id AND (c.user_a_id = ${userId}::uuid OR c.user_b_id = ${userId}::uuid)
    JOIN users s ON s.id = m.sender_id
    WHERE m.conversation_id = ${conversationId}::uuid ${past(after, "m.created_at", "m.id", ">")}
    ORDER BY m.created_at, m.id LIMIT ${limit}`.then(withDates);
}

/** json_build_object gives the cursor's time as text: back to a Date, to the microsecond PostgreSQL kept. */
function withDates<T extends { cursor: ExportCursor }>(rows: T[]): T[] {
  return rows.map((row) => ({ ...row, cursor: { at: new Date(row.cursor.at as unknown as string), key: row.cursor.key } }));
}
