import { UUID_SOURCE } from "~/domain/uuid";

/**
 * Keyset pagination position: when the last entry of the previous page happened and its key (a
 * crud id, or `crudId.reposterId` for a repost), so ties on the same instant are broken exactly.
 */
export type Cursor = { at: Date; key: string };

/** A page of a keyset-paged list, and the cursor of the page after it (none on the last page). */
export type Page<T> = { items: T[]; next: Cursor | undefined };

const KEY = new RegExp(`^${UUID_SOURCE}(\\.${UUID_SOURCE})?$`);

/** The key of a cursor that stands for a moment rather than an entry (an empty page's "now"): below every real key. */
export const NO_ENTRY_KEY = "00000000-0000-0000-0000-000000000000";

export function encodeCursor({ at, key }: Cursor): string {
  return `${at.toISOString()}_${key}`;
}

/**
 * The instants PostgreSQL's timestamptz can hold: 4713-11-24 BC (proleptic Gregorian, `-004713-11-24`
 * in ISO 8601's astronomical years) to 294276-12-31 AD. JavaScript dates reach 271821 BC, and a cursor
 * from before the first made every paged statement fail (a 500); JavaScript's own latest date
 * (275760 AD) is within the second, which is kept as the written bound.
 */
export const EARLIEST_STORABLE = Date.UTC(-4713, 10, 24);
/** The last year: 294276-12-31 is past what a JavaScript Date holds (275760 AD), so no parsed date is later, but the rule is written down. */
export const LATEST_STORABLE_YEAR = 294_276;

/**
 * The one cursor parser of every paged address. Undefined when absent; throws a 400 Response when
 * present but not a cursor we made, including an instant the database cannot hold.
 */
export function parseCursor(raw: string | null): Cursor | undefined {
  if (raw === null || raw === "") return undefined;
  const separator = raw.indexOf("_");
  const at = new Date(raw.slice(0, separator));
  const key = raw.slice(separator + 1);
  const time = at.getTime();
  if (separator < 0 || !KEY.test(key) || Number.isNaN(time) || time < EARLIEST_STORABLE || at.getUTCFullYear() > LATEST_STORABLE_YEAR) {
    throw new Response("That page link is not valid. Go back to the newest cruds.", { status: 400 });
  }
  return { at, key };
}

/**
 * The link to the page after `next` (undefined when there is none): `path?cursor=…`, or another
 * parameter `name`, after the page's own `params` (a search's `q`).
 */
export function cursorHref(
  path: string,
  next: Cursor | null | undefined,
  { name = "cursor", params = {} }: { name?: string; params?: Record<string, string> } = {},
) {
  return next ? `${path}?${new URLSearchParams({ ...params, [name]: encodeCursor(next) })}` : undefined;
}
