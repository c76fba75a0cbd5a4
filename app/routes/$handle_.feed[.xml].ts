// `/@:handle/feed.xml`: the user's live cruds as an Atom feed (docs/decisions/023-lifetime-export-feed.md).
import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuthorFeed } from "~/models/feed.server";
import { atomFeed, feedCacheControl } from "~/routes-support/atom";
import { handleFromParam } from "~/domain/handle";
import { noSuchUser } from "~/routes-support/not-found";
import { siteOrigin } from "~/routes-support/site-origin.server";

/**
 * Never in the anonymous page cache (ADR 010; it is not asked to be): one indexed statement and no
 * React render, so there is little to save, and the answer follows each expiry to the millisecond.
 * Clients and proxies may keep it for as long as `Cache-Control` says (never past the soonest
 * expiry), and revalidate with the ETag.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const handle = handleFromParam(params.handle);
  const now = new Date();
  const feed = handle ? await getAuthorFeed(handle, now) : null;
  if (!feed) throw noSuchUser(params.handle);
  // The configured origin, as the share cards: the request's Host is the client's to choose, and the
  // answer may be kept by proxies for a minute.
  const body = atomFeed({ origin: siteOrigin(request), ...feed });
  const headers = {
    "Content-Type": "application/atom+xml; charset=utf-8",
    "Cache-Control": feedCacheControl(feed.entries, now),
    ETag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
  };
  const known = request.headers.get("If-None-Match");
  if (known && known.split(",").some((tag) => tag.trim().replace(/^W\//, "") === headers.ETag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
