import type { Cursor } from "~/domain/cursor";

export type { Cursor };

/**
 * The key of a cursor over one table (messages, conversations, search hits) is a single id. The
 * timeline's cursors may carry a composite `crudId.reposterId` key; such a link here is a bad link
 * (400), never a failed uuid cast (500).
 */
export function uuidKey(cursor: Cursor): string {
  if (cursor.key.includes(".")) throw new Response("That page link is not valid. Go back to the first page.", { status: 400 });
  return cursor.key;
}
