import { env } from "~/env.server";

/**
 * The origin absolute links (share cards, the Atom feed) are made with: SITE_ORIGIN when set (in AWS, the domain
 * name), else the request's own. A Host header a client chose never ends up in a page another
 * visitor is served from the page cache, since that cache keys on the host too (server/page-cache.ts).
 */
export function siteOrigin(request: Request): string {
  return env().SITE_ORIGIN ?? new URL(request.url).origin;
}
