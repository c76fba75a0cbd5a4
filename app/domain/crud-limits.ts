// The limits of a crud's and a reply's text (docs/product.md §1), without zod, so the pages that carry the form
// can import them without sending the validation library to the browser.

export const CRUD_MAX = 280;
export const REPLY_MAX = 1024;

/**
 * A link counts as 23 characters whatever its length (app/domain/crud-text.ts), so the text as stored
 * may be longer than its counted length: by at most this much, room for a few long links.
 */
export const LINK_ALLOWANCE = 2_000;

/** The most characters (code points) stored for a text whose counted limit is `max`. */
export const storedMax = (max: number) => max + LINK_ALLOWANCE;

/**
 * The textarea's HTML limit for a text whose counted limit is `max`. `maxLength` counts UTF-16 units,
 * and an emoji is two of them, so twice the stored limit never refuses what the server accepts; the
 * counter and the server's counted rule are what people meet, this only stops an absurd paste.
 */
export const textareaMaxLength = (max: number) => 2 * storedMax(max);
