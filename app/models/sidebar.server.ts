// The right column's data for every page (docs/product.md §3): trending tags and suggested users.
import { getCachedSuggestedUsers, type SuggestedUser } from "~/models/suggestions.server";
import { getTrendingTags, type TrendingTag } from "~/models/trending.server";

export type SidebarData = { trending: TrendingTag[]; suggested: SuggestedUser[] };

/** At most two queries, sent together; both are usually served from their in-process caches, so usually none. */
export async function getSidebarData({ viewerId, now }: { viewerId: string | null; now: Date }): Promise<SidebarData> {
  const [trending, suggested] = await Promise.all([getTrendingTags(now), getCachedSuggestedUsers(viewerId, now)]);
  return { trending, suggested };
}
