// Links, mentions and hashtags in a crud's text: mentions and hashtags are found once when it is
// written (notifications, crud_tags), links when it is counted or shown. Everything else stays text
// (React escapes it). Shared by the server and the browser (the composer's counter), so no zod here.

const MENTION = /(^|[^\p{L}\p{N}_@/])@([A-Za-z0-9_]{3,20})(?![A-Za-z0-9_])/gu;
const HASHTAG = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]{1,50})(?![\p{L}\p{N}_])/gu;
// A link starts with http:// or https:// where a word could start ("xhttp://" is not one) and runs
// to the next space, quote, angle bracket or backslash (which browsers read as "/", an ambiguity).
const LINK = /(^|[^\p{L}\p{N}_])(https?:\/\/[^\s<>"\\]+)/giu;
// Punctuation that ends a sentence rather than the link: "see https://example.com/a."
const TRAILING = /[.,:;!?'*…]$/u;

/** Every link counts as this many characters, whatever its length (as on Mastodon). */
export const LINK_LENGTH = 23;

export type Segment =
  | { kind: "text"; text: string }
  | { kind: "mention"; handle: string; text: string }
  | { kind: "tag"; tag: string; text: string }
  | { kind: "link"; href: string; text: string };

const count = (text: string, char: string) => text.split(char).length - 1;

/** The candidate without the punctuation after it, and without a closing bracket it did not open. */
function trimLink(candidate: string): string {
  let link = candidate;
  for (;;) {
    if (TRAILING.test(link)) link = link.slice(0, -1);
    else if (link.endsWith(")") && count(link, ")") > count(link, "(")) link = link.slice(0, -1);
    else if (link.endsWith("]") && count(link, "]") > count(link, "[")) link = link.slice(0, -1);
    else return link;
  }
}

/**
 * The address a typed link goes to, or null when it must stay text: only http and https (so never
 * `javascript:` or `data:`), a host the URL parser accepts, and no user name or password (they
 * make "https://bank.example@evil.example" look like a link to the bank).
 */
export function safeLinkHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname || url.username || url.password) return null;
  return url.href;
}

type Mark = { start: number; end: number; segment: Segment };

/** The links, then the mentions and hashtags outside them, in order and never overlapping. */
function marksOf(message: string): Mark[] {
  const links: Mark[] = [];
  for (const m of message.matchAll(LINK)) {
    const text = trimLink(m[2]!);
    const href = safeLinkHref(text);
    if (!href) continue;
    const start = m.index! + m[1]!.length;
    links.push({ start, end: start + text.length, segment: { kind: "link", href, text } });
  }
  const inLink = (start: number) => links.some((link) => start >= link.start && start < link.end);
  const others: Mark[] = [];
  for (const m of message.matchAll(MENTION)) {
    const start = m.index! + m[1]!.length;
    if (!inLink(start)) others.push({ start, end: start + 1 + m[2]!.length, segment: { kind: "mention", handle: m[2]!.toLowerCase(), text: `@${m[2]}` } });
  }
  for (const m of message.matchAll(HASHTAG)) {
    const start = m.index! + m[1]!.length;
    if (!inLink(start)) others.push({ start, end: start + 1 + m[2]!.length, segment: { kind: "tag", tag: m[2]!.toLowerCase(), text: `#${m[2]}` } });
  }
  return [...links, ...others].sort((a, b) => a.start - b.start);
}

/** Distinct lower-case handles mentioned (without '@'), outside links. */
export function extractMentions(message: string): string[] {
  return [...new Set(marksOf(message).flatMap(({ segment }) => (segment.kind === "mention" ? [segment.handle] : [])))];
}

/** Distinct lower-case hashtags (without '#'), outside links. */
export function extractHashtags(message: string): string[] {
  return [...new Set(marksOf(message).flatMap(({ segment }) => (segment.kind === "tag" ? [segment.tag] : [])))];
}

/** The message split into text, link, @mention and #tag segments, in order. */
export function segmentCrudText(message: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const mark of marksOf(message)) {
    if (mark.start < at) continue;
    if (mark.start > at) segments.push({ kind: "text", text: message.slice(at, mark.start) });
    segments.push(mark.segment);
    at = mark.end;
  }
  if (at < message.length) segments.push({ kind: "text", text: message.slice(at) });
  return segments;
}

/**
 * The length a crud's limit is checked against: characters as people count them (code points), each
 * link counted as LINK_LENGTH whatever its length. The same function runs in the composer's counter.
 */
export function crudLength(message: string): number {
  let length = 0;
  for (const segment of segmentCrudText(message)) length += segment.kind === "link" ? LINK_LENGTH : Array.from(segment.text).length;
  return length;
}

/**
 * How a link is shown: without its scheme and "www.", its first 30 characters, the rest hidden (but
 * still in the text, so copying and screen readers get the whole address). A host typed with
 * non-ASCII letters is shown as the browser will go to it (punycode), so a look-alike shows.
 */
export function linkDisplay({ href, text }: { href: string; text: string }): { hiddenStart: string; shown: string; hiddenEnd: string } {
  // eslint-disable-next-line no-control-regex
  const full = /^https?:\/\/[^/?#]*[^\x00-\x7F]/iu.test(text) ? href : text;
  const prefix = /^https?:\/\/(www\.)?/i.exec(full)?.[0] ?? "";
  const rest = full.slice(prefix.length);
  const shown = Array.from(rest).slice(0, 30).join("");
  return { hiddenStart: prefix, shown, hiddenEnd: rest.slice(shown.length) };
}
