// An Atom 1.0 feed (RFC 4287) of a user's live cruds, with each crud's expiry as `age:expires`
// (the Atom "age" extension, namespace http://purl.org/atompub/age/1.0) and in the entry's text.
import { formatExact } from "~/domain/time";
import type { FeedAuthor, FeedEntry } from "~/models/feed.server";

export const AGE_NAMESPACE = "http://purl.org/atompub/age/1.0";

/**
 * What XML 1.0 cannot carry at all, even escaped (its `Char` production): C0 controls other than tab,
 * line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. Cruds may hold some (a form
 * keeps most control characters); they are dropped from the feed, never sent.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const withoutNonXml = (text: string) => text.replace(NOT_XML, "");

/** Text for an XML element or attribute: characters XML forbids dropped, markup characters escaped (so `]]>` cannot end anything either). */
export function xmlText(text: string): string {
  return withoutNonXml(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&apos;");
}

const TITLE_LENGTH = 60;

/** An entry's title: the crud's first line, cut at TITLE_LENGTH characters (code points, never half an emoji). */
function entryTitle(message: string): string {
  const line = withoutNonXml(message).split("\n", 1)[0]!.trim();
  const chars = Array.from(line);
  return chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH - 1).join("")}…` : line || "(crud)";
}

/** The images' descriptions, for readers who show the text only. */
const imageDescriptions = (images: FeedEntry["images"]) =>
  images.map((image, index) => `\n\n[Image ${index + 1}${image.alt ? `: ${image.alt}` : ", no description"}]`).join("");

/**
 * The feed document. Ids are `urn:uuid:` of the user and of each crud, so they stay the same under
 * any host name; links use `origin` (the site's configured origin, `siteOrigin`). `updated` is the newest
 * crud's time (or the account's), so the document changes only when its cruds do.
 */
export function atomFeed({ origin, author, entries }: { origin: string; author: FeedAuthor; entries: FeedEntry[] }): string {
  const profile = `${origin}/@${author.handle}`;
  const updated = entries[0]?.createdAt ?? author.createdAt;
  const element = (name: string, text: string) => `<${name}>${xmlText(text)}</${name}>`;
  const lines = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:age="${AGE_NAMESPACE}">`,
    element("id", `urn:uuid:${author.id}`),
    element("title", `${author.displayName} (@${author.handle}) on Cruddur`),
    element("subtitle", `The live cruds of @${author.handle}. Each one leaves this feed when it expires.`),
    element("updated", updated.toISOString()),
    `<link rel="self" type="application/atom+xml" href="${xmlText(`${profile}/feed.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${xmlText(profile)}"/>`,
    `<author>${element("name", author.displayName)}${element("uri", profile)}</author>`,
    `<generator uri="${xmlText(origin)}/">Cruddur</generator>`,
  ];
  for (const entry of entries) {
    const link = `${profile}/status/${entry.id}`;
    lines.push(
      "<entry>",
      element("id", `urn:uuid:${entry.id}`),
      element("title", entryTitle(entry.message)),
      `<link rel="alternate" type="text/html" href="${xmlText(link)}"/>`,
      element("published", entry.createdAt.toISOString()),
      element("updated", entry.createdAt.toISOString()),
      element("age:expires", entry.expiresAt.toISOString()),
      // Each image as an enclosure (its address dies with the crud), and its description in the text.
      ...entry.images.map((image) => `<link rel="enclosure" type="image/webp" href="${xmlText(new URL(image.src, origin).href)}"/>`),
      `<content type="text">${xmlText(`${entry.message}${imageDescriptions(entry.images)}\n\nExpires ${formatExact(entry.expiresAt)}.`)}</content>`,
      "</entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}

/** Longest a client or proxy may keep the feed: it may change with each new crud, and a lifetime can be shortened. */
export const FEED_MAX_AGE_SECONDS = 60;

/**
 * The feed's `Cache-Control`: at most FEED_MAX_AGE_SECONDS, and never past the soonest expiry among
 * its entries (rounded down to the second), so no cache keeps a crud past its end.
 */
export function feedCacheControl(entries: { expiresAt: Date }[], now: Date): string {
  const soonest = Math.min(...entries.map((entry) => entry.expiresAt.getTime()));
  const untilSoonest = Math.max(0, Math.floor((soonest - now.getTime()) / 1000));
  return `public, max-age=${Math.min(FEED_MAX_AGE_SECONDS, untilSoonest)}`;
}
