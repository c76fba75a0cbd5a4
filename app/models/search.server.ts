// Search (docs/product.md §3 /search): users by handle or display-name prefix, live cruds by #tag or words.
import { Prisma } from "~/generated/prisma/client";
import { queryRows, queryRowsPlannedEachTime } from "~/db.server";
import { avatarUrl } from "~/models/avatar.server";
import { notBlocked } from "~/models/safety.server";
import { liveCrud, loadCrudCards, PAGE_SIZE, type CrudCard } from "~/models/crud.server";
import { uuidKey, type Cursor } from "~/domain/cursor-key";

/** Longer queries are cut: nobody searches with more, and it bounds the work of any query. */
export const SEARCH_MAX = 200;
export const USER_RESULTS = 10;

/** The same characters a hashtag is made of when a crud is written (app/domain/crud-text.ts). */
const TAG_QUERY = /^#([\p{L}\p{N}_]{1,50})$/u;
const HANDLE_PREFIX = /^@?([A-Za-z0-9_]{1,20})$/;

export type SearchQuery = { kind: "empty"; text: "" } | { kind: "tag"; text: string; tag: string } | { kind: "words"; text: string };

/**
 * What was typed, made safe to search for: NUL bytes (which PostgreSQL text cannot hold) and other
 * control characters become spaces, lone surrogates U+FFFD, whitespace is collapsed, and the result is cut at SEARCH_MAX
 * characters (code points, so an emoji is never split in half).
 */
export function parseSearchQuery(raw: string | null | undefined): SearchQuery {
  const cleaned = (raw ?? "")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    // A lone UTF-16 surrogate cannot be sent to the database (it is not Unicode text).
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/\s+/g, " ")
    .trim();
  const text = [...cleaned].slice(0, SEARCH_MAX).join("").trim();
  if (!text) return { kind: "empty", text: "" };
  const tag = TAG_QUERY.exec(text)?.[1];
  if (tag) return { kind: "tag", text, tag: tag.toLowerCase() };
  return { kind: "words", text };
}

/** `LIKE` treats % and _ (and the escape character) specially; a prefix search must not. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export type UserResult = { id: string; handle: string; displayName: string; bio: string; followedByViewer: boolean; avatar: string | null };

/**
 * Users whose handle or display name starts with the query, ignoring case: two prefix scans of
 * the expression indexes users_handle_prefix_idx and users_display_name_prefix_idx (the
 * expressions here must stay exactly theirs). Handles are stored lower-case.
 */
export async function searchUsers(query: SearchQuery, viewerId: string | null = null): Promise<UserResult[]> {
  if (query.kind !== "words") return [];
  const handle = HANDLE_PREFIX.exec(query.text)?.[1]?.toLowerCase();
  const name = query.text.startsWith("@") ? query.text.slice(1) : query.text;
  if (!name) return [];
  const rows = await queryRowsPlannedEachTime<Omit<UserResult, "avatar"> & { avatarKey: string | null }>`
    SELECT u.id, u.handle, u.display_name AS "displayName", u.bio, (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS "avatarKey",
      EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${viewerId}::uuid AND f.followee_id = u.id) AS "followedByViewer"
    FROM users u
    WHERE ${handle ? Prisma.sql`lower(u.handle) LIKE ${likePrefix(handle)} OR` : Prisma.empty}
          lower(u.display_name) LIKE lower(${likePrefix(name)})
    ORDER BY (u.handle = ${handle ?? ""}) DESC, u.handle
    LIMIT ${USER_RESULTS}`;
  return rows.map(({ avatarKey, ...user }) => ({ ...user, avatar: avatarUrl(avatarKey) }));
}

type Hit = { id: string; createdAt: Date };

/**
 * A page of ids of live cruds matching the query, newest first, keyset-paginated.
 * - `#tag`: through crud_tags (tag, created_at DESC); the cursor is the tag row's (created_at, crud_id),
 *   and the tag row is written with its crud, so this is the crud's creation order.
 * - words: `to_tsvector('simple', message)`, exactly the expression of the GIN index
 *   cruds_message_fts_idx, matched against plainto_tsquery (every word, any order; never a syntax error).
 */
export async function searchCrudIds(query: SearchQuery, { cursor, now, viewerId }: { cursor?: Cursor; now: Date; viewerId?: string | null }) {
  // Nothing by someone the viewer blocks or is blocked by (ADR 018), filtered in the scan so the page still fills.
  const shown = notBlocked(viewerId, Prisma.sql`c.user_id`);
  let rows: Hit[] = [];
  if (query.kind === "tag") {
    rows = await queryRows<Hit>`
      SELECT t.crud_id AS id, t.created_at AS "createdAt"
      FROM crud_tags t JOIN cruds c ON c.id = t.crud_id
      WHERE t.tag = ${query.tag} AND ${liveCrud(now)} AND ${shown}
        ${cursor ? Prisma.sql`AND t.created_at <= ${cursor.at} AND (t.created_at, t.crud_id) < (${cursor.at}, ${uuidKey(cursor)}::uuid)` : Prisma.empty}
      ORDER BY t.created_at DESC, t.crud_id DESC
      LIMIT ${PAGE_SIZE + 1}`;
  } else if (query.kind === "words") {
    rows = await queryRowsPlannedEachTime<Hit>`
      SELECT c.id, c.created_at AS "createdAt"
      FROM cruds c
      WHERE to_tsvector('simple', c.message) @@ plainto_tsquery('simple', ${query.text}) AND ${liveCrud(now)} AND ${shown}
        ${cursor ? Prisma.sql`AND (c.created_at, c.id) < (${cursor.at}, ${uuidKey(cursor)}::uuid)` : Prisma.empty}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ${PAGE_SIZE + 1}`;
  }
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return { ids: page.map((row) => row.id), next: rows.length > PAGE_SIZE && last ? { at: last.createdAt, key: last.id } : undefined };
}

export type SearchResults = { users: UserResult[]; cruds: CrudCard[]; next: Cursor | undefined };

/** Everything the search page shows: users (first page only) and a page of cruds; at most 3 queries. */
export async function search(query: SearchQuery, { cursor, viewerId, now }: { cursor?: Cursor; viewerId?: string | null; now: Date }): Promise<SearchResults> {
  if (query.kind === "empty") return { users: [], cruds: [], next: undefined };
  const [users, hits] = await Promise.all([
    cursor ? Promise.resolve([]) : searchUsers(query, viewerId ?? null),
    searchCrudIds(query, { cursor, now, viewerId }),
  ]);
  const cruds = await loadCrudCards(hits.ids, { viewerId, now });
  return { users, cruds, next: hits.next };
}
