import { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import type { Cursor } from "~/utils/cursor";

export const PAGE_SIZE = 20;

/**
 * The one definition of "live" (SPEC §2), as an SQL condition on the crud table alias `c`: every
 * query that reads cruds includes it, so an expired crud disappears from every page the second it
 * expires, whether or not the purge has deleted it yet.
 */
export function liveCrud(now: Date): Prisma.Sql {
  return Prisma.sql`c.expires_at > ${now}`;
}

/** Keyset condition "older than the cursor"; the row comparison lets Postgres start the index scan there. */
function olderThan(cursor: Cursor | undefined): Prisma.Sql {
  return cursor ? Prisma.sql`AND (c.created_at, c.id) < (${cursor.createdAt}, ${cursor.id}::uuid)` : Prisma.empty;
}

/**
 * The columns of a crud card. Hot read paths use parameterised SQL rather than the query builder:
 * Prisma 6.19's client engine compiles every builder call in WebAssembly, which cost 1–3 ms of CPU
 * per page, more than the rest of the request (docs/decisions/005-read-queries-in-sql.md).
 */
const CRUD_CARD_COLUMNS = Prisma.sql`
  c.id, c.message, c.created_at AS "createdAt", c.expires_at AS "expiresAt",
  c.replies_count AS "repliesCount", c.likes_count AS "likesCount", c.reposts_count AS "repostsCount",
  u.handle, u.display_name AS "displayName"`;

type CrudCardRow = {
  id: string;
  message: string;
  createdAt: Date;
  expiresAt: Date;
  repliesCount: number;
  likesCount: number;
  repostsCount: number;
  handle: string;
  displayName: string;
};

export type CrudCard = Omit<CrudCardRow, "handle" | "displayName"> & { user: { handle: string; displayName: string } };

const toCard = ({ handle, displayName, ...crud }: CrudCardRow): CrudCard => ({ ...crud, user: { handle, displayName } });

export type Page<T> = { items: T[]; next: Cursor | undefined };

function toPage(rows: CrudCardRow[]): Page<CrudCard> {
  const items = rows.slice(0, PAGE_SIZE).map(toCard);
  const last = items.at(-1);
  return { items, next: rows.length > PAGE_SIZE && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

/** The global timeline: live top-level cruds, newest first, one query. */
export async function getTimelinePage({ cursor, now }: { cursor?: Cursor; now: Date }): Promise<Page<CrudCard>> {
  const rows = await prisma.$queryRaw<CrudCardRow[]>`
    SELECT ${CRUD_CARD_COLUMNS}
    FROM cruds c JOIN users u ON u.id = c.user_id
    WHERE c.reply_to_id IS NULL AND ${liveCrud(now)} ${olderThan(cursor)}
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT ${PAGE_SIZE + 1}`;
  return toPage(rows);
}

export type Profile = { id: string; handle: string; displayName: string; bio: string; crudCount: number };

/** A profile with its count of live cruds, and a page of them: two queries sent together. */
export async function getProfile({ handle, cursor, now }: { handle: string; cursor?: Cursor; now: Date }) {
  const normalized = handle.toLowerCase();
  const [profiles, rows] = await Promise.all([
    prisma.$queryRaw<Profile[]>`
      SELECT u.id, u.handle, u.display_name AS "displayName", u.bio,
        (SELECT count(*)::int FROM cruds c WHERE c.user_id = u.id AND c.reply_to_id IS NULL AND ${liveCrud(now)}) AS "crudCount"
      FROM users u WHERE u.handle = ${normalized}`,
    prisma.$queryRaw<CrudCardRow[]>`
      SELECT ${CRUD_CARD_COLUMNS}
      FROM cruds c JOIN users u ON u.id = c.user_id
      WHERE u.handle = ${normalized} AND c.reply_to_id IS NULL AND ${liveCrud(now)} ${olderThan(cursor)}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ${PAGE_SIZE + 1}`,
  ]);
  const [profile] = profiles;
  return profile ? { profile, page: toPage(rows) } : null;
}

/**
 * Live crud cards for the given ids, in the order given (expired or unknown ids are left out).
 * For pages that find cruds their own way (search, notifications) and render them like the feed.
 */
export async function loadCrudCards(ids: string[], { now }: { viewerId?: string | null; now: Date }): Promise<CrudCard[]> {
  if (ids.length === 0) return [];
  const rows = await prisma.$queryRaw<CrudCardRow[]>`
    SELECT ${CRUD_CARD_COLUMNS}
    FROM cruds c JOIN users u ON u.id = c.user_id
    WHERE c.id = ANY(${ids}::uuid[]) AND ${liveCrud(now)}`;
  const byId = new Map(rows.map((row) => [row.id, toCard(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
