// Text as people type it, made safe to store: shared by every form schema (crud, reply, profile, message).

/** Characters as people (and PostgreSQL's char_length) count them, code points, not UTF-16 units: an emoji is one. */
export const characterCount = (text: string) => Array.from(text).length;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): typed into a name
// or a crud, they reorder the page's own text after it ("Trojan Source"). Never needed in a post:
// each piece of user text is laid out isolated, in its own direction (`unicode-bidi: plaintext`, app.css).
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// What shows nothing: format characters (zero-width space and joiners, word joiner, BOM, soft
// hyphen…), white space, variation selectors, the combining grapheme joiner, and the blank letters used to fake an empty name (Hangul fillers, braille blank).
// Combining marks among them are alternatives, not class members (a class would glue them to their neighbour).
const INVISIBLE = /[\p{Cf}\p{White_Space}\u115F\u2800\u3164\uFFA0]|\p{Variation_Selector}|\u034F|\u1160|\u17B4|\u17B5/gu;

/**
 * Form text ready for the database and for the limits: line breaks normalised (browsers post
 * CRLF), NUL and bidi controls removed, lone UTF-16 surrogates replaced (not text either; forms
 * never send one, other callers might), then trimmed. Text that shows nothing at all (only
 * zero-width or blank characters) becomes "", so it is empty for the "Write something" rules.
 * Limits and "is it empty" are checked on the result, so "\0" or "  " counts as empty.
 */
export function cleanText(text: string): string {
  const cleaned = text.replace(/\r\n?/g, "\n").replaceAll("\0", "").replace(BIDI_CONTROLS, "").replace(LONE_SURROGATE, "\uFFFD").trim();
  return cleaned.replace(INVISIBLE, "") === "" ? "" : cleaned;
}

/** A one-line field (a display name): cleaned, with any run of whitespace, line breaks included, as one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, " ");
}
