import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { CrudFeed, keepGoneCards } from "~/components/crud-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SearchBox } from "~/components/sidebar-panels";
import { parseSearchQuery, search } from "~/models/search.server";
import { clientIp, countRequest, tooManyRequests } from "~/security/rate-limits.server";
import socialStyles from "~/styles/social.css";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { anonymousCacheHeaders } from "~/routes-support/page-cache";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { PeopleList } from "~/components/people-list";
import { pageMeta, truncate } from "~/routes-support/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(
    data?.q ? `${data.q} · Search · Cruddur` : "Search · Cruddur",
    data?.q ? `People and live cruds on Cruddur matching “${truncate(data.q, 100)}”.` : "Search Cruddur's people and live cruds, by words or #hashtag.",
  );

export async function loader({ request, context }: LoaderFunctionArgs) {
  const now = new Date();
  const url = new URL(request.url);
  const query = parseSearchQuery(url.searchParams.get("q"));
  const cursor = parseCursor(url.searchParams.get("cursor"));
  // The empty prompt runs no query and counts for nothing.
  if (query.kind !== "empty") {
    const refused = await countRequest(["searchesPerIp", clientIp(context)]);
    if (refused) throw new Response(refused.message, tooManyRequests(refused));
  }
  const viewer = await getUser(request); // shared with the root loader's lookup
  const results = await search(query, { cursor, viewerId: viewer?.id ?? null, now });
  return data(
    {
      q: query.text,
      kind: query.kind,
      paged: cursor !== undefined,
      users: results.users.map(({ handle, displayName, bio, followedByViewer }) => ({ handle, displayName, bio, followedByViewer })),
      viewerHandle: viewer?.handle ?? null,
      cruds: results.cruds,
      olderHref: cursorHref("/search", results.next, { params: { q: query.text } }),
    },
    // Signed out, the same query shows everyone the same page: the trending hashtags in the sidebar
    // send many visitors to the very same search (ADR 010's page cache, ≤ 1 s, never past an expiry).
    { headers: viewer ? {} : anonymousCacheHeaders(results.cruds, now) },
  );
}

export const headers = headersWithRetryAfter;

// A like of a crud that has gone leaves its card in place, saying so (ADR 020).
export const shouldRevalidate = keepGoneCards;

export default function Search() {
  const { q, kind, paged, users, cruds, olderHref, viewerHandle } = useLoaderData<typeof loader>();
  return (
    <div className="search-page">
      <h1 className="page-title">Search</h1>
      <div className="search-page-form">
        {/* Keyed by the query, so the box shows the query of the page being shown (back/forward, JS on). */}
        <SearchBox key={q} id="search-page-q" label="Search" defaultValue={q} />
      </div>
      {kind === "empty" ? (
        <p className="prompt">Search for people by name or @username, for words in live cruds, or for a #hashtag.</p>
      ) : (
        <>
          {kind === "words" && !paged ? (
            <section aria-labelledby="people-title">
              <h2 id="people-title">People</h2>
              {users.length === 0 ? <p className="empty">No one found for “{q}”.</p> : <PeopleList users={users} viewerHandle={viewerHandle} />}
            </section>
          ) : null}
          {/* The feed itself is the region, named by this heading (not a second region named "Cruds"). */}
          <h2 id="cruds-title">{kind === "tag" ? `Cruds tagged ${q}` : "Cruds"}</h2>
          <CrudFeed cruds={cruds} olderHref={olderHref} empty={`Nothing found for “${q}” in live cruds.`} labelledBy="cruds-title" />
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
