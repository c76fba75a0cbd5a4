// What each page tells browsers, crawlers and link previews about itself: a title and a description
// on every page (Remix v2 takes a page's meta from its deepest route alone, so each route says both),
// and share cards (OpenGraph, Twitter) on the pages people share: a crud and a profile.
import type { MetaDescriptor } from "@remix-run/node";

export const SITE_NAME = "Cruddur";
export const SITE_DESCRIPTION = "Micro-blogging for people who do not want a permanent presence online: every crud expires.";

/** At most `max` characters (code points, so an emoji is never cut in half), with "…" when cut. */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text.replace(/\s+/g, " ").trim());
  return characters.length <= max ? characters.join("") : `${characters.slice(0, max - 1).join("")}…`;
}

/** The title and the description of a page. */
export function pageMeta(title: string, description: string = SITE_DESCRIPTION): MetaDescriptor[] {
  return [{ title }, { name: "description", content: description }];
}

type ShareCard = {
  title: string;
  description: string;
  /** The page's absolute address (og:url must be absolute). */
  url: string;
  type: "article" | "profile";
  /** More OpenGraph properties (article:published_time…). */
  properties?: Record<string, string>;
  /** The picture a preview shows large (a crud's first image; absolute address), with its description. */
  image?: ShareImage;
};

export type ShareImage = { url: string; alt: string; width: number; height: number };

/** A page's title and description with the OpenGraph and Twitter card that link previews show. */
export function shareCardMeta({ title, description, url, type, properties = {}, image }: ShareCard): MetaDescriptor[] {
  return [
    ...pageMeta(title, description),
    { tagName: "link", rel: "canonical", href: url },
    { property: "og:site_name", content: SITE_NAME },
    { property: "og:type", content: type },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: url },
    ...Object.entries(properties).map(([property, content]) => ({ property, content })),
    ...(image
      ? [
          { property: "og:image", content: image.url },
          { property: "og:image:width", content: String(image.width) },
          { property: "og:image:height", content: String(image.height) },
          { property: "og:image:alt", content: image.alt },
          { name: "twitter:image", content: image.url },
          { name: "twitter:image:alt", content: image.alt },
        ]
      : []),
    { name: "twitter:card", content: image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: description },
  ];
}

/**
 * What crawlers are told about a page that disappears at `expiresAt` (a crud's): drop it from the
 * index then (Google's `unavailable_after`, an HTTP date). The same words go in the `robots` meta
 * tag and the X-Robots-Tag header.
 */
export const unavailableAfter = (expiresAt: Date) => `unavailable_after: ${expiresAt.toUTCString()}`;
