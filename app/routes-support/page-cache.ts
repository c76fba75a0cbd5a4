import { unavailableAfter } from "~/routes-support/meta";

/**
 * How long a signed-out page may be kept by the anonymous page cache (server/page-cache.ts): at most
 * 1 s, and never past the first expiry among the cruds it shows, so no cached page ever shows an
 * expired crud. 0: not at all.
 */
export function anonymousCacheTtl(cruds: { expiresAt: Date }[], now: Date): number {
  const firstExpiry = Math.min(...cruds.map((crud) => crud.expiresAt.getTime()));
  return Math.floor(Math.max(0, Math.min(1_000, firstExpiry - now.getTime() - 1)));
}

/**
 * The header by which a page opts into the anonymous page cache, for anonymousCacheTtl. Only
 * signed-out requests are ever cached, whatever the header says.
 */
export function anonymousCacheHeaders(cruds: { expiresAt: Date }[], now: Date): Record<string, string> {
  const ttl = anonymousCacheTtl(cruds, now);
  return ttl > 0 ? { "X-Page-Cache-Ttl": String(ttl) } : {};
}

/**
 * The headers of a crud's page (`crud`, shown with `shown`: its parent and replies), which dies with
 * the crud: crawlers are told when (X-Robots-Tag, as the page's robots meta tag), and no cache keeps
 * it longer than the first of those cruds lives. Signed in, nothing is kept (`private, no-cache`).
 * Signed out, browsers revalidate (`max-age=0`) and a shared cache may keep it for at most 1 s
 * (`s-maxage`, as ADR 010's page cache), counted after the page cache's own time to live, since a
 * page served from there is already that old.
 */
export function crudPageHeaders({ crud, shown, now, signedIn }: { crud: { expiresAt: Date }; shown: { expiresAt: Date }[]; now: Date; signedIn: boolean }) {
  const headers: Record<string, string> = { "X-Robots-Tag": unavailableAfter(crud.expiresAt), Vary: "Cookie" };
  if (signedIn) return { ...headers, "Cache-Control": "private, no-cache" };
  const pageCacheTtl = anonymousCacheTtl(shown, now);
  const firstExpiry = Math.min(...shown.map((c) => c.expiresAt.getTime()));
  const sharedSeconds = Math.max(0, Math.min(1, Math.floor((firstExpiry - now.getTime() - pageCacheTtl) / 1_000)));
  return { ...headers, ...anonymousCacheHeaders(shown, now), "Cache-Control": `public, max-age=0, s-maxage=${sharedSeconds}` };
}
