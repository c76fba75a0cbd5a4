import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import { notBlocked, notHidden } from "~/models/safety.server";
import type { Cursor, Page } from "~/domain/cursor";
import { pictureObject, type CrudImage } from "~/domain/pictures";
import { pictureUrl } from "~/media/urls.server";
import { avatarUrl } from "~/models/avatar.server";
import type { PictureRow } from "~/domain/pictures";

export const PAGE_SIZE = 20;

/**
 * The one definition of "live" (docs/product.md §2), as an SQL condition on the crud table alias `c`: every
 * query that reads cruds includes it, so an expired crud disappears from every page the second it
 * expires, whether or not the purge has deleted it yet.
 */
export function liveCrud(now: Date): Prisma.Sql {
  return Prisma.sql`c.expires_at > ${now}`;
}

/**
 * The one visibility rule of a crud on a page (docs/product.md §2, ADR 018), on the crud table alias `c`: live, and
 * not by someone the viewer blocks or is blocked by. Every statement that loads a crud to show it
 * (a thread, a card by id, the report form) uses it, so a crud that is a 404 in its thread is a 404
 * everywhere it could be shown. Signed out (no viewer) only liveness applies.
 */
export function visibleCrud(now: Date, viewerId: string | null | undefined): Prisma.Sql {
  return Prisma.sql`${liveCrud(now)} AND ${notBlocked(viewerId, Prisma.raw("c.user_id"))}`;
}

/**
 * The columns of a crud card, with the viewer's own like/repost state (primary-key lookups).
 * Hot read paths use parameterised SQL rather than the query builder: Prisma 6.19's client engine
 * compiles every builder call in WebAssembly, which cost 1–3 ms of CPU per page, more than the
 * rest of the request (docs/decisions/005-read-queries-in-sql.md).
 */
function cardColumns(viewerId: string | null | undefined): Prisma.Sql {
  return Prisma.sql`
    c.id, c.message, c.created_at AS "createdAt", c.expires_at AS "expiresAt", c.reply_to_id AS "replyToId",
    c.replies_count AS "repliesCount", c.likes_count AS "likesCount", c.reposts_count AS "repostsCount",
    u.handle, u.display_name AS "displayName", c.sensitive, c.content_warning AS "contentWarning",
    (SELECT av.key FROM pictures av WHERE av.id = u.avatar_id) AS "avatarKey",
    ${crudPictures},
    EXISTS (SELECT 1 FROM likes l WHERE l.crud_id = c.id AND l.user_id = ${viewerId ?? null}::uuid) AS "liked",
    EXISTS (SELECT 1 FROM reposts r WHERE r.crud_id = c.id AND r.user_id = ${viewerId ?? null}::uuid) AS "reposted",
    ${mentionedHandles}`;
}

/**
 * The handles among a crud's @mentions that belong to a user, so that only those become links (a
 * mention of nobody stays text). In the card's own statement: per row, the regex finds every
 * candidate (a superset of what app/domain/crud-text.ts calls a mention, which then picks) and the
 * unique index on users.handle (stored lower-case) answers for each.
 */
const mentionedHandles = Prisma.sql`ARRAY(
      SELECT mu.handle FROM users mu
      WHERE mu.handle = ANY(ARRAY(SELECT lower(m[1]) FROM regexp_matches(c.message, '@([A-Za-z0-9_]{3,20})', 'g') AS m))
    ) AS "mentionedHandles"`;

/** A crud's images in order (docs/product.md §11), null when it has none; the (crud_id, position) index answers. */
export const crudPictures = Prisma.sql`(
      SELECT json_agg(json_build_object('key', p.key, 'alt', p.alt, 'width', p.width, 'height', p.height,
        'previewWidth', p.preview_width, 'previewHeight', p.preview_height) ORDER BY p.position)
      FROM pictures p WHERE p.crud_id = c.id
    ) AS "pictures"`;

export { avatarUrl };

/** A picture as a page shows it: both addresses (valid until `expiresAt` for a crud's), its sizes and description. */
export function shownPicture({ key, alt, ...size }: PictureRow, expiresAt?: Date): CrudImage {
  return {
    src: pictureUrl(pictureObject(key, "full"), { expiresAt }),
    previewSrc: pictureUrl(pictureObject(key, "preview"), { expiresAt }),
    alt: alt ?? "",
    ...size,
  };
}

/** A crud's pictures with addresses valid until it expires. */
export function crudImages(pictures: PictureRow[] | null, expiresAt: Date): CrudImage[] {
  return (pictures ?? []).map((picture) => shownPicture(picture, expiresAt));
}

type CardRow = {
  id: string;
  message: string;
  createdAt: Date;
  expiresAt: Date;
  replyToId: string | null;
  repliesCount: number;
  likesCount: number;
  repostsCount: number;
  handle: string;
  displayName: string;
  avatarKey: string | null;
  pictures: PictureRow[] | null;
  sensitive: boolean;
  contentWarning: string;
  liked: boolean;
  reposted: boolean;
  mentionedHandles: string[];
};

export type CrudCard = Omit<CardRow, "handle" | "displayName" | "avatarKey" | "pictures"> & {
  user: { handle: string; displayName: string; avatar: string | null };
  images: CrudImage[];
};

/** A timeline entry: a crud, or a repost of one (then `repostedBy` says by whom). */
export type TimelineEntry = CrudCard & { key: string; repostedBy?: { handle: string; displayName: string } };

const toCard = ({ handle, displayName, avatarKey, pictures, ...crud }: CardRow): CrudCard => ({
  ...crud,
  user: { handle, displayName, avatar: avatarUrl(avatarKey) },
  images: crudImages(pictures, crud.expiresAt),
});

/**
 * Up to this many follows, the Following tab merges a page from each author's index; beyond, it
 * filters the global timeline index (measured in ADR 016: 1,000 follows cost ~50 ms one way, ~4 ms the other).
 */
export const FOLLOWING_PER_AUTHOR_MAX = 200;

type FeedRow = CardRow & { sortAt: Date; entryKey: string; reposterHandle: string | null; reposterName: string | null };

/** Which way from the cursor a page of a feed reads: older entries (the "Older" link) or newer ones ("Newer", new cruds). */
export type FeedDirection = "older" | "newer";

type FeedQuery = {
  authorId?: string;
  followerId?: string;
  viewerId?: string | null;
  cursor?: Cursor;
  direction?: FeedDirection;
  now: Date;
};

/**
 * The statement's CTEs up to `entries`: live top-level cruds and reposts of live cruds as
 * (crud_id, reposter_id, sort_at, entry_key), each branch reading its own index from the cursor on,
 * in `direction`, and stopping after a page (so `entries` holds at most a page per branch).
 */
function feedEntries({ authorId, followerId, viewerId, cursor, direction = "older", now }: FeedQuery): Prisma.Sql {
  const newer = direction === "newer";
  const order = Prisma.raw(newer ? "ASC" : "DESC");
  // Keyset: strictly after the cursor's (time, key) in `direction`, written so the time bound uses the index.
  const after = (at: string, key: string) =>
    cursor
      ? newer
        ? Prisma.sql`AND ${Prisma.raw(at)} >= ${cursor.at} AND NOT (${Prisma.raw(at)} = ${cursor.at} AND ${Prisma.raw(key)} <= ${cursor.key})`
        : Prisma.sql`AND ${Prisma.raw(at)} <= ${cursor.at} AND NOT (${Prisma.raw(at)} = ${cursor.at} AND ${Prisma.raw(key)} >= ${cursor.key})`
      : Prisma.empty;
  // Blocks hide both ways everywhere; mutes only on the timelines, not on a profile you open (ADR 018).
  // A per-row probe of the blocks/mutes primary keys inside each branch, so the page still fills.
  const hide = (column: string) => (authorId ? notBlocked(viewerId, Prisma.raw(column)) : notHidden(viewerId, Prisma.raw(column)));
  // Each branch reads a page of cruds or reposts whose author passes `byAuthor` (a condition on the column).
  // `authorChecked`: the caller already hid the author (one probe per author, not per row: per-row
  // probes under the LIMIT made the planner sort all of an author's cruds, ~25 ms at 1,000,000 cruds).
  const cruds = (byAuthor: (column: Prisma.Sql) => Prisma.Sql, authorChecked = false) => Prisma.sql`
    SELECT c.id AS crud_id, NULL::uuid AS reposter_id, c.created_at AS sort_at, c.id::text AS entry_key
    FROM cruds c
    WHERE c.reply_to_id IS NULL AND ${liveCrud(now)} ${byAuthor(Prisma.raw("c.user_id"))} ${after("c.created_at", "c.id::text")}
      ${authorChecked ? Prisma.empty : Prisma.sql`AND ${hide("c.user_id")}`}
    ORDER BY c.created_at ${order}, c.id ${order} LIMIT ${PAGE_SIZE + 1}`;
  // A repost is hidden when either the reposter or the crud's author is.
  const reposts = (byAuthor: (column: Prisma.Sql) => Prisma.Sql, authorChecked = false) => Prisma.sql`
    SELECT r.crud_id, r.user_id AS reposter_id, r.created_at AS sort_at, r.crud_id::text || '.' || r.user_id::text AS entry_key
    FROM reposts r JOIN cruds c ON c.id = r.crud_id
    WHERE ${liveCrud(now)} ${byAuthor(Prisma.raw("r.user_id"))} ${after("r.created_at", "r.crud_id::text || '.' || r.user_id::text")}
      ${authorChecked ? Prisma.empty : Prisma.sql`AND ${hide("r.user_id")}`} AND ${hide("c.user_id")}
    ORDER BY r.created_at ${order}, r.crud_id ${order} LIMIT ${PAGE_SIZE + 1}`;
  // The statement's first CTEs, then the branches of `entries`.
  let prelude = Prisma.empty;
  let branches: Prisma.Sql;
  if (followerId && !authorId) {
    // The Following tab, fan-in on read (ADR 016). Two plans in the statement, of which a one-time
    // filter on the follow count runs one: up to FOLLOWING_PER_AUTHOR_MAX follows, a page from each
    // author's own index, merged (bounded by follows × a page, however quiet they are); beyond, the
    // global index filtered by the follows (cheap when the people followed post much of what is posted).
    const followed = Prisma.sql`(SELECT f.followee_id AS id FROM follows f WHERE f.follower_id = ${followerId}::uuid UNION ALL SELECT ${followerId}::uuid)`;
    // The followed author is hidden (blocked either way, muted) once, before reading their page.
    const perAuthor = (branch: Prisma.Sql) => Prisma.sql`
      SELECT x.* FROM ${followed} a CROSS JOIN LATERAL (${branch}) x
      WHERE (SELECT n FROM follow_count) <= ${FOLLOWING_PER_AUTHOR_MAX} AND ${hide("a.id")}
      ORDER BY x.sort_at ${order}, x.entry_key ${order} LIMIT ${PAGE_SIZE + 1}`;
    // A probe of the follows primary key per row of the global index, not `IN (the follows)`: a plan kept
    // for every viewer (ADR 025) estimates the average follower's handful of follows, and with a handful
    // read every repost of each followed author and sorted them (30 ms for 999 follows, ADR 016).
    const filtered = (column: Prisma.Sql) => Prisma.sql`
      AND (${column} = ${followerId}::uuid OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${followerId}::uuid AND f.followee_id = ${column}))
      AND (SELECT n FROM follow_count) > ${FOLLOWING_PER_AUTHOR_MAX}`;
    const ofAuthor = (column: Prisma.Sql) => Prisma.sql`AND ${column} = a.id`;
    prelude = Prisma.sql`follow_count AS (SELECT count(*)::int AS n FROM follows f WHERE f.follower_id = ${followerId}::uuid),`;
    branches = Prisma.sql`
      (${perAuthor(cruds(ofAuthor, true))}) UNION ALL (${cruds(filtered)})
      UNION ALL (${perAuthor(reposts(ofAuthor, true))}) UNION ALL (${reposts(filtered)})`;
  } else {
    // One author (a profile), or everyone.
    const byAuthor = (column: Prisma.Sql) => (authorId ? Prisma.sql`AND ${column} = ${authorId}::uuid` : Prisma.empty);
    branches = Prisma.sql`(${cruds(byAuthor)}) UNION ALL (${reposts(byAuthor)})`;
  }
  return Prisma.sql`WITH ${prelude} entries AS (${branches}), page AS (
      SELECT * FROM entries ORDER BY sort_at ${order}, entry_key ${order} LIMIT ${PAGE_SIZE + 1}
    )`;
}

/**
 * A page of a feed, newest first, with the cursors of the pages either side (undefined when there is
 * none) and of its own newest entry (what "new cruds" are newer than).
 */
export type FeedPage = Page<TimelineEntry> & { newer: Cursor | undefined; newest: Cursor | undefined };

/**
 * A page of live top-level cruds and reposts of live cruds, newest first (by posting or reposting
 * time), in one statement: the page older than the cursor (or the newest), or with `direction:
 * "newer"` the page just newer than it. `next` is the cursor of the page after it (older) and
 * `newer` of the page before it, when there is one.
 */
async function getFeed(query: FeedQuery): Promise<FeedPage> {
  const rows = await queryRows<FeedRow>`
    ${feedEntries(query)}
    SELECT ${cardColumns(query.viewerId)}, p.sort_at AS "sortAt", p.entry_key AS "entryKey",
      ru.handle AS "reposterHandle", ru.display_name AS "reposterName"
    FROM page p JOIN cruds c ON c.id = p.crud_id JOIN users u ON u.id = c.user_id LEFT JOIN users ru ON ru.id = p.reposter_id
    ORDER BY p.sort_at DESC, p.entry_key DESC`;
  // One row more than a page says there is more in the direction read: older at the end, newer at the start.
  const more = rows.length > PAGE_SIZE;
  const newer = query.direction === "newer";
  const shown = more ? (newer ? rows.slice(1) : rows.slice(0, PAGE_SIZE)) : rows;
  // A crud shows once a page: its newest entry there (a repost, or the crud itself when it is newer).
  // Only what is shown is thinned: the cursors below still come from the rows read, so no entry is skipped or read twice.
  const seen = new Set<string>();
  const items: TimelineEntry[] = shown.flatMap(({ sortAt: _sortAt, entryKey, reposterHandle, reposterName, ...card }) => {
    if (seen.has(card.id)) return [];
    seen.add(card.id);
    return [
      {
        ...toCard(card),
        key: entryKey,
        repostedBy: reposterHandle ? { handle: reposterHandle, displayName: reposterName ?? reposterHandle } : undefined,
      },
    ];
  });
  const cursorOf = (row: FeedRow | undefined) => (row ? { at: row.sortAt, key: row.entryKey } : undefined);
  return {
    items,
    // Read newer from a cursor, there is always an older page (the cursor's own entry, unless it has expired since).
    next: newer ? cursorOf(shown.at(-1)) : more ? cursorOf(shown.at(-1)) : undefined,
    // Read older from a cursor, the cursor's entry is newer; from the top, nothing is.
    newer: newer ? (more ? cursorOf(shown[0]) : undefined) : query.cursor ? cursorOf(shown[0]) : undefined,
    newest: cursorOf(shown[0]),
  };
}

/**
 * How many entries a feed has newer than `since` (at most PAGE_SIZE + 1: "20+"), and when the first
 * of the cruds counted expires (a cached answer must not outlive it), in one statement: the "newer"
 * page of getFeed without its cards.
 */
async function countNewer(query: FeedQuery & { cursor: Cursor }) {
  const [row] = await queryRows<{ count: number; firstExpiry: Date | null }>`
    ${feedEntries({ ...query, direction: "newer" })}
    SELECT count(*)::int AS count, min(c.expires_at) AS "firstExpiry" FROM page p JOIN cruds c ON c.id = p.crud_id`;
  return { count: row?.count ?? 0, firstExpiry: row?.firstExpiry ?? null };
}

type TimelineQuery = { cursor?: Cursor; direction?: FeedDirection; now: Date };

/** The global timeline (docs/product.md §3): live top-level cruds and reposts, newest first. */
export function getTimelinePage({ viewerId, ...page }: TimelineQuery & { viewerId?: string | null }) {
  return getFeed({ ...page, viewerId });
}

/** The Following tab (docs/product.md §3): live top-level cruds and reposts by the people `viewerId` follows and by them, newest first. */
export function getFollowingPage({ viewerId, ...page }: TimelineQuery & { viewerId: string }) {
  return getFeed({ ...page, followerId: viewerId, viewerId });
}

/** Entries of the global timeline (as `viewerId` sees it) newer than `since`: the "N new cruds" pill. */
export function countNewerInTimeline({ since, now, viewerId }: { since: Cursor; now: Date; viewerId?: string | null }) {
  return countNewer({ cursor: since, now, viewerId });
}

/** Entries of `viewerId`'s Following tab newer than `since`. */
export function countNewerInFollowing({ since, now, viewerId }: { since: Cursor; now: Date; viewerId: string }) {
  return countNewer({ cursor: since, now, followerId: viewerId, viewerId });
}

export type Profile = {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  crudCount: number;
  followingCount: number;
  followersCount: number;
  /** Whether the viewer follows this user (false signed out). */
  followedByViewer: boolean;
  /** Suspended by a moderator (the profile says so). */
  suspended: boolean;
  /** Whether the viewer blocks / mutes this user (ADR 018; never whether this user blocks the viewer). */
  blockedByViewer: boolean;
  mutedByViewer: boolean;
  /** Their uploaded avatar and banner (docs/product.md §11), or null: initials on a colour, a plain band. */
  avatar: ProfilePicture | null;
  banner: ProfilePicture | null;
};

/** A profile picture as its header shows it: both variants (for `srcset`), their sizes, and its description. */
export type ProfilePicture = CrudImage;

const profilePicture = (row: PictureRow | null): ProfilePicture | null => (row ? shownPicture(row) : null);

/** One picture of a user as a JSON column (null without one): it rides in the statement that reads the user. */
const pictureColumn = (column: "avatar_id" | "banner_id") => Prisma.sql`(
      SELECT json_build_object('key', p.key, 'alt', p.alt, 'width', p.width, 'height', p.height,
        'previewWidth', p.preview_width, 'previewHeight', p.preview_height)
      FROM pictures p WHERE p.id = u.${Prisma.raw(column)}
    )`;

/**
 * The profile header: live cruds, follows both ways (index-only counts) and the viewer's follow, in one statement.
 * The crud count follows the feed's rule: none across a block, either way (a count of cruds the feed
 * leaves out would tell the blocked user, ADR 018). The follow counts need no such rule: a block ends
 * the follows between the two, and the follow lists are not filtered by blocks either.
 */
export async function getProfile(handle: string, now: Date, viewerId?: string | null): Promise<Profile | null> {
  type Row = Omit<Profile, "avatar" | "banner"> & { avatar: PictureRow | null; banner: PictureRow | null };
  const [row] = await queryRows<Row>`
    SELECT u.id, u.handle, u.display_name AS "displayName", u.bio, u.suspended_at IS NOT NULL AS suspended,
      (SELECT count(*)::int FROM cruds c WHERE c.user_id = u.id AND c.reply_to_id IS NULL AND ${liveCrud(now)}
        AND ${notBlocked(viewerId, Prisma.raw("u.id"))}) AS "crudCount",
      (SELECT count(*)::int FROM follows f WHERE f.follower_id = u.id) AS "followingCount",
      (SELECT count(*)::int FROM follows f WHERE f.followee_id = u.id) AS "followersCount",
      EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ${viewerId ?? null}::uuid AND f.followee_id = u.id) AS "followedByViewer",
      EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = ${viewerId ?? null}::uuid AND b.blocked_id = u.id) AS "blockedByViewer",
      EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = ${viewerId ?? null}::uuid AND m.muted_id = u.id) AS "mutedByViewer",
      ${pictureColumn("avatar_id")} AS avatar, ${pictureColumn("banner_id")} AS banner
    FROM users u WHERE u.handle = ${handle.toLowerCase()}`;
  return row ? { ...row, avatar: profilePicture(row.avatar), banner: profilePicture(row.banner) } : null;
}

/** A profile with its counts, and a page of its cruds and reposts. */
export async function getProfilePage({ handle, viewerId, ...page }: TimelineQuery & { handle: string; viewerId?: string | null }) {
  const profile = await getProfile(handle, page.now, viewerId);
  if (!profile) return null;
  return { profile, page: await getFeed({ ...page, authorId: profile.id, viewerId }) };
}

const MAX_REPLIES = 200;

type ThreadRole = "root" | "parent" | "reply";

/**
 * A live crud, the crud it answers when it is a reply (`parent`), and its live replies, oldest
 * first, in one statement. Null when expired or unknown, or written by someone the viewer blocks or
 * is blocked by (then their replies are left out too, and such a parent: `parent` is null). Mutes
 * hide nothing in a thread (ADR 018). A reply expires with its parent, so when the parent is not live
 * no reply is either.
 */
export async function getThread({ crudId, now, viewerId }: { crudId: string; now: Date; viewerId?: string | null }) {
  const visible = visibleCrud(now, viewerId);
  const rows = await queryRows<CardRow & { role: ThreadRole }>`
    (SELECT ${cardColumns(viewerId)}, 'root' AS role FROM cruds c JOIN users u ON u.id = c.user_id
     WHERE c.id = ${crudId}::uuid AND ${visible})
    UNION ALL
    (SELECT ${cardColumns(viewerId)}, 'parent' FROM cruds c JOIN users u ON u.id = c.user_id
     WHERE c.id = (SELECT r.reply_to_id FROM cruds r WHERE r.id = ${crudId}::uuid) AND ${visible})
    UNION ALL
    (SELECT ${cardColumns(viewerId)}, 'reply' FROM cruds c JOIN users u ON u.id = c.user_id
     WHERE c.reply_to_id = ${crudId}::uuid AND ${visible}
     ORDER BY c.created_at, c.id LIMIT ${MAX_REPLIES})
    ORDER BY "createdAt", id`;
  const card = ({ role: _role, ...row }: CardRow & { role: ThreadRole }) => toCard(row);
  const root = rows.find((row) => row.role === "root");
  if (!root) return null;
  const parent = rows.find((row) => row.role === "parent");
  return { crud: card(root), parent: parent ? card(parent) : null, replies: rows.filter((row) => row.role === "reply").map(card) };
}

/**
 * Live crud cards for the given ids, in the order given (expired or unknown ids are left out, and
 * those by someone the viewer blocks or is blocked by).
 * For pages that find cruds their own way (search, notifications) and render them like the feed.
 */
export async function loadCrudCards(ids: string[], { viewerId, now }: { viewerId?: string | null; now: Date }): Promise<CrudCard[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<CardRow>`
    SELECT ${cardColumns(viewerId)} FROM cruds c JOIN users u ON u.id = c.user_id
    WHERE c.id = ANY(${ids}::uuid[]) AND ${visibleCrud(now, viewerId)}`;
  const byId = new Map(rows.map((row) => [row.id, toCard(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
