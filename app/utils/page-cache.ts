/**
 * The header by which a page opts into the anonymous page cache (server/page-cache.ts): at most
 * 1 s, and never past the first expiry among the cruds it shows, so no cached page ever shows an
 * expired crud. Only signed-out requests are ever cached, whatever the header says.
 */
export function anonymousCacheHeaders(cruds: { expiresAt: Date }[], now: Date): HeadersInit {
  const firstExpiry = Math.min(...cruds.map((crud) => crud.expiresAt.getTime()));
  const ttl = Math.max(0, Math.min(1_000, firstExpiry - now.getTime() - 1));
  return ttl > 0 ? { "X-Page-Cache-Ttl": String(Math.floor(ttl)) } : {};
}
