// A user's Atom feed (docs/product.md §3 `/@:handle/feed.xml`): their newest live top-level cruds.
import { queryRows } from "~/db.server";
import { crudImages, crudPictures, liveCrud } from "~/models/crud.server";
import type { PictureRow } from "~/domain/pictures";
import type { CrudImage } from "~/domain/pictures";

/** The author of a feed, and one entry (a live top-level crud): what `atomFeed` writes. */
export type FeedAuthor = { id: string; handle: string; displayName: string; createdAt: Date };
export type FeedEntry = { id: string; message: string; createdAt: Date; expiresAt: Date; images: CrudImage[] };

/** Entries in a feed: a reader polls often, and the profile pages on for the rest. */
export const FEED_SIZE = 50;

type Row = FeedAuthor & {
  crudId: string | null;
  message: string | null;
  crudCreatedAt: Date | null;
  expiresAt: Date | null;
  pictures: PictureRow[] | null;
};

/**
 * The author and their FEED_SIZE newest live top-level cruds, in one statement (the profile index,
 * cruds_user_id_created_at_idx); null for an unknown or suspended user. Read as signed out: a feed
 * is public and the same for every reader.
 */
export async function getAuthorFeed(handle: string, now: Date): Promise<{ author: FeedAuthor; entries: FeedEntry[] } | null> {
  const rows = await queryRows<Row>`
    SELECT u.id, u.handle, u.display_name AS "displayName", u.created_at AS "createdAt",
      c.id AS "crudId", c.message, c.created_at AS "crudCreatedAt", c.expires_at AS "expiresAt", c.pictures
    FROM users u LEFT JOIN LATERAL (
      SELECT c.id, c.message, c.created_at, c.expires_at, ${crudPictures} FROM cruds c
      WHERE c.user_id = u.id AND c.reply_to_id IS NULL AND ${liveCrud(now)}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${FEED_SIZE}
    ) c ON true
    WHERE u.handle = ${handle.toLowerCase()} AND u.suspended_at IS NULL
    ORDER BY c.created_at DESC, c.id DESC`;
  const first = rows[0];
  if (!first) return null;
  const author = { id: first.id, handle: first.handle, displayName: first.displayName, createdAt: first.createdAt };
  const entries = rows.flatMap((row) =>
    row.crudId && row.message !== null && row.crudCreatedAt && row.expiresAt
      ? [
          {
            id: row.crudId,
            message: row.message,
            createdAt: row.crudCreatedAt,
            expiresAt: row.expiresAt,
            images: crudImages(row.pictures, row.expiresAt),
          },
        ]
      : [],
  );
  return { author, entries };
}
