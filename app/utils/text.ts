// Text as people type it, made safe to store: shared by every form schema (crud, reply, profile, message).

/** Characters as people (and PostgreSQL's char_length) count them, code points, not UTF-16 units: an emoji is one. */
export const characterCount = (text: string) => Array.from(text).length;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Form text ready for the database and for the limits: line breaks normalised (browsers post
 * CRLF), NUL removed (PostgreSQL text cannot hold it; it is never meaningful), lone UTF-16
 * surrogates replaced (not text either; forms never send one, other callers might), then trimmed.
 * Limits and "is it empty" are checked on the result, so "\0" or "  " counts as empty.
 */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replaceAll("\0", "").replace(LONE_SURROGATE, "\uFFFD").trim();
}

/** A one-line field (a display name): cleaned, with any run of whitespace, line breaks included, as one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, " ");
}
