import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { CrudFeed, keepGoneCards } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { RelationButton } from "~/components/relation-button";
import { NewCrudsPill } from "~/components/new-cruds-pill";
import { NewerPager } from "~/components/pager";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { UserChip } from "~/components/user-chip";
import { HomeIntro } from "~/components/home-intro";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailable } from "~/db.server";
import { getFollowingPage, getTimelinePage } from "~/models/crud.server";
import { traceHomeFeed } from "~/observability/simulate.server";
import { CRUD_MAX } from "~/domain/crud-limits";
import { cursorHref, encodeCursor, NO_ENTRY_KEY, parseCursor } from "~/domain/cursor";
import { pageMeta, SITE_DESCRIPTION } from "~/routes-support/meta";
import { anonymousCacheHeaders } from "~/routes-support/page-cache";
import { headersWithRetryAfter } from "~/routes-support/retry-after";

export const meta: MetaFunction = () => pageMeta("Home · Cruddur", `${SITE_DESCRIPTION} The newest live cruds, newest first.`);

export type HomeTab = "following" | "everyone";

async function feed({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // `?cursor=` reads older than an entry ("Older"), `?newer=` newer than one ("Newer"); neither, the newest.
  const newerThan = parseCursor(url.searchParams.get("newer"));
  const cursor = newerThan ?? parseCursor(url.searchParams.get("cursor"));
  const direction = newerThan ? "newer" : "older";
  const viewer = await getUser(request);
  const now = new Date();
  // Signed in, `/` is Following and `/?tab=everyone` the global timeline; signed out there is only
  // Everyone, at `/` (the page cache's address) or at the tab's own link.
  const tab: HomeTab = viewer && url.searchParams.get("tab") !== "everyone" ? "following" : "everyone";
  const page = await traceHomeFeed(
    () =>
      viewer && tab === "following"
        ? getFollowingPage({ cursor, direction, now, viewerId: viewer.id })
        : getTimelinePage({ cursor, direction, now, viewerId: viewer?.id }),
    { userHandle: viewer?.handle },
  );
  // The pager's links keep the tab of the page they are on.
  const params: Record<string, string> = url.searchParams.get("tab") === "everyone" ? { tab: "everyone" } : {};
  const topHref = params.tab ? `/?${new URLSearchParams(params)}` : "/";
  return data(
    {
      tab,
      cruds: page.items,
      olderHref: cursorHref("/", page.next, { params }),
      newerHref: cursorHref("/", page.newer, { name: "newer", params }),
      // On a page further down, the way back up (JavaScript or not); on the first, what the new-cruds pill asks after.
      topHref: cursor ? topHref : undefined,
      since: cursor ? undefined : encodeCursor(page.newest ?? { at: now, key: NO_ENTRY_KEY }),
      signedIn: !!viewer,
      unavailable: undefined,
    },
    { headers: viewer ? {} : anonymousCacheHeaders(page.items, now) },
  );
}

/** Database down: an empty page with the message instead of the feed. */
export async function loader(args: LoaderFunctionArgs) {
  try {
    return await feed(args);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    const nothing = { olderHref: undefined, newerHref: undefined, topHref: undefined, since: undefined };
    return data({ tab: "everyone" as HomeTab, cruds: [], ...nothing, signedIn: false, unavailable: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503 });
  }
}

export const headers = headersWithRetryAfter;

// A like of a crud that has gone leaves its card in place, saying so (ADR 020).
export const shouldRevalidate = keepGoneCards;

export default function Home() {
  const { tab, cruds, olderHref, newerHref, topHref, since, signedIn, unavailable } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Home</h1>
      {signedIn ? null : <HomeIntro />}
      {signedIn ? (
        <nav className="tabs" aria-label="Timelines">
          <Link to="/" aria-current={tab === "following" ? "page" : undefined}>
            Following
          </Link>
          <Link to="/?tab=everyone" aria-current={tab === "everyone" ? "page" : undefined}>
            Everyone
          </Link>
        </nav>
      ) : null}
      {/* On a phone one line until used (app.css), so the timeline starts on the first screen. */}
      {signedIn ? (
        <div className="home-composer">
          <CrudForm max={CRUD_MAX} />
        </div>
      ) : null}
      {since ? <NewCrudsPill tab={tab} since={since} href={tab === "everyone" && signedIn ? "/?tab=everyone" : "/"} /> : null}
      {topHref ? <NewerPager newerHref={newerHref} topHref={topHref} /> : null}
      {unavailable ? (
        <FormError>{unavailable}</FormError>
      ) : tab === "following" && cruds.length === 0 && !olderHref && !topHref ? (
        <FollowInvite />
      ) : (
        <CrudFeed cruds={cruds} olderHref={olderHref} empty="No live cruds right now. Everything has expired." />
      )}
    </>
  );
}

type RootData = { sidebar: { suggested: { handle: string; displayName: string; avatar?: string | null }[] } } | undefined;

/** An empty Following tab: the sidebar's suggestions (already loaded, never anyone you follow) with Follow buttons. */
function FollowInvite() {
  const suggested = (useRouteLoaderData("root") as RootData)?.sidebar.suggested ?? [];
  return (
    <section className="follow-invite" aria-labelledby="follow-invite-title">
      <h2 id="follow-invite-title">Your Following timeline is empty</h2>
      <p>
        Follow people to see their cruds here, or look at <Link to="/?tab=everyone">Everyone</Link>.
      </p>
      {suggested.length > 0 ? (
        <ul className="people">
          {suggested.map((user) => (
            <li key={user.handle}>
              <Link to={`/@${user.handle}`}>
                <UserChip user={user} />
              </Link>
              <RelationButton relation="follow" handle={user.handle} active={false} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
