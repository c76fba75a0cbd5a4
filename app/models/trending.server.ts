// Trending hashtags (docs/product.md §3 right column): the tags used by the most people in live cruds of the
// last 24 hours. One account repeating a tag counts once, so no single account can make a tag trend.
import { queryRowsPlannedEachTime } from "~/db.server";
import { singleton } from "~/db/singleton.server";
import { TtlCache } from "~/utils/ttl-cache.server";

export const TRENDING_WINDOW_MS = 24 * 3_600_000;
export const TRENDING_CACHE_MS = 60_000;
export const TRENDING_LIMIT = 10;
/** A few more than shown, so tags that lose cruds to expiry while cached can be overtaken. */
const FETCHED = TRENDING_LIMIT * 2;

/** `count`: how many accounts have a live crud with the tag. */
export type TrendingTag = { tag: string; count: number };
/**
 * `expiring`: for each counted author whose last live crud with the tag expires within the cache's
 * lifetime, that time. `local`: the authors this server counted since the query (recordPostedTags),
 * with when each stops counting.
 */
type Row = TrendingTag & { expiring: Date[] | null; local?: Map<string, Date> };

const cache = singleton("trending.cache", () => new TtlCache<Row[]>(TRENDING_CACHE_MS));

/**
 * Top tags with their counts of distinct authors. One query (crud_tags_created_at_idx for the window,
 * the crud's primary key for the live rule), cached in-process for 60 s. So that a cached count never
 * includes an author whose cruds have all expired (docs/product.md §2), each row also carries, per author, when
 * their last live crud with the tag expires, if that is within the cache's lifetime; those authors
 * are subtracted at read time, to the millisecond.
 */
export async function getTrendingTags(now: Date): Promise<TrendingTag[]> {
  const rows = await cache.get(now, () => queryTrending(now));
  const t = now.getTime();
  return rows
    .map(({ tag, count, expiring }) => ({ tag, count: count - (expiring?.filter((at) => at.getTime() <= t).length ?? 0) }))
    .filter((row) => row.count > 0)
    .sort((x, y) => y.count - x.count || (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0))
    .slice(0, TRENDING_LIMIT);
}

function queryTrending(now: Date): Promise<Row[]> {
  const since = new Date(now.getTime() - TRENDING_WINDOW_MS);
  const cachedUntil = new Date(now.getTime() + TRENDING_CACHE_MS);
  // A time window: planned with its values (a generic plan guesses a third of the rows); cached, so rare.
  return queryRowsPlannedEachTime<Row>`
    SELECT a.tag, count(*)::int AS count,
           array_agg(a.until) FILTER (WHERE a.until <= ${cachedUntil}) AS expiring
    FROM (
      SELECT t.tag, c.user_id, max(c.expires_at) AS until
      FROM crud_tags t JOIN cruds c ON c.id = t.crud_id
      WHERE t.created_at > ${since} AND c.created_at > ${since} AND c.expires_at > ${now}
      GROUP BY t.tag, c.user_id
    ) a
    GROUP BY a.tag
    ORDER BY count DESC, a.tag
    LIMIT ${FETCHED}`;
}

/**
 * How often app/jobs.server.ts recomputes the cached counts in the background, so a visitor's request
 * never waits for the query (~70 ms at 100,000 cruds) when the 60 s cache runs out.
 */
export const TRENDING_REFRESH_MS = TRENDING_CACHE_MS - 10_000;

/** One background refresh: readers keep the cached counts until the new ones are in. */
export function refreshTrendingTags(now: Date): Promise<void> {
  return cache.refresh(now, () => queryTrending(now));
}

/**
 * Counts the tags of a crud this server just posted in the cached counts, so a freshly used hashtag
 * shows at once here without re-running the query on every post (other servers see it within 60 s).
 * Only a tag the query did not return is counted here, once per author: for the query's own rows this
 * server cannot tell whether the author is already counted, and they catch up at the next refresh
 * (≤ 50 s) rather than ever counting an author twice.
 */
export function recordPostedTags(tags: string[], expiresAt: Date, authorId: string): void {
  if (tags.length === 0) return;
  cache.update((rows) => {
    const next = rows.map((row) => ({ ...row }));
    for (const tag of tags) {
      let row = next.find((r) => r.tag === tag);
      if (!row) next.push((row = { tag, count: 0, expiring: [], local: new Map() }));
      if (!row.local) continue;
      const local = new Map(row.local);
      const until = local.get(authorId);
      local.set(authorId, until && until > expiresAt ? until : expiresAt);
      // Each local author leaves the count when their last crud with the tag expires, exactly.
      Object.assign(row, { local, count: local.size, expiring: [...local.values()] });
    }
    return next;
  });
}

/** Tests (and only tests) start from an empty cache. */
export function clearTrendingCache(): void {
  cache.clear();
}
