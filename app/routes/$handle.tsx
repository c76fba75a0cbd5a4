import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { CrudFeed, keepGoneCards } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { RelationButton } from "~/components/relation-button";
import { BlockButton } from "~/components/block-button";
import { NewerPager } from "~/components/pager";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getProfilePage } from "~/models/crud.server";
import { CRUD_MAX } from "~/domain/crud-limits";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { handleFromParam } from "~/domain/handle";
import { anonymousCacheHeaders } from "~/routes-support/page-cache";
import { pageMeta, shareCardMeta, truncate } from "~/routes-support/meta";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { siteOrigin } from "~/routes-support/site-origin.server";
import { noSuchUser } from "~/routes-support/not-found";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return pageMeta("Not found · Cruddur", "There is no such user on Cruddur.");
  const { profile, shareUrl } = data;
  const count = `${profile.crudCount} live ${profile.crudCount === 1 ? "crud" : "cruds"}`;
  return [
    ...shareCardMeta({
      title: `${profile.displayName} (@${profile.handle}) · Cruddur`,
      description: profile.bio ? truncate(`${profile.bio} · ${count}`, 200) : `${profile.displayName} on Cruddur: ${count}.`,
      url: shareUrl,
      type: "profile",
      properties: { "profile:username": profile.handle },
    }),
    // The Atom feed of their live cruds (a suspended user's answers 404, so none is offered).
    ...(profile.suspended
      ? []
      : [
          {
            tagName: "link",
            rel: "alternate",
            type: "application/atom+xml",
            title: `Cruds by @${profile.handle}`,
            href: `/@${profile.handle}/feed.xml`,
          } as const,
        ]),
  ];
};

export async function loader({ params, request }: LoaderFunctionArgs) {
  const handle = handleFromParam(params.handle);
  const url = new URL(request.url);
  // As on the home timeline: `?cursor=` older than an entry, `?newer=` newer than one.
  const newerThan = parseCursor(url.searchParams.get("newer"));
  const cursor = newerThan ?? parseCursor(url.searchParams.get("cursor"));
  const viewer = await getUser(request);
  const now = new Date();
  const result = handle ? await getProfilePage({ handle, cursor, direction: newerThan ? "newer" : "older", now, viewerId: viewer?.id }) : null;
  if (!result) throw noSuchUser(params.handle);
  const { profile, page } = result;
  const path = `/@${profile.handle}`;
  return data(
    {
      profile,
      cruds: page.items,
      olderHref: cursorHref(path, page.next),
      newerHref: cursorHref(path, page.newer, { name: "newer" }),
      topHref: cursor ? path : undefined,
      isOwn: viewer?.id === profile.id,
      signedIn: !!viewer,
      shareUrl: `${siteOrigin(request)}${path}`,
    },
    { headers: viewer ? {} : anonymousCacheHeaders(page.items, now) },
  );
}

export const headers = headersWithRetryAfter;

// A like of a crud that has gone leaves its card in place, saying so (ADR 020).
export const shouldRevalidate = keepGoneCards;

export default function Profile() {
  const { profile, cruds, olderHref, newerHref, topHref, isOwn, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="profile-header">
        {profile.banner ? (
          // Its own size in the markup, so the header does not move when it arrives; the 600-px variant on phones.
          <img
            className="banner"
            src={profile.banner.src}
            srcSet={`${profile.banner.previewSrc} ${profile.banner.previewWidth}w, ${profile.banner.src} ${profile.banner.width}w`}
            sizes="(max-width: 640px) 100vw, 640px"
            width={profile.banner.width}
            height={profile.banner.height}
            alt={profile.banner.alt}
            decoding="async"
          />
        ) : (
          <div className="banner" aria-hidden="true" />
        )}
        <div className="profile-info">
          <Avatar
            handle={profile.handle}
            displayName={profile.displayName}
            size={96}
            src={profile.avatar?.previewSrc}
            srcSet={profile.avatar ? `${profile.avatar.previewSrc} 1x, ${profile.avatar.src} 4x` : undefined}
            alt={profile.avatar?.alt}
            eager
          />
          <h1>
            <span className="display-name">{profile.displayName}</span>
            <span className="handle">@{profile.handle}</span>
          </h1>
          {profile.bio ? <p className="bio">{profile.bio}</p> : null}
          <p className="crud-count">
            {profile.crudCount} {profile.crudCount === 1 ? "crud" : "cruds"}
            {/* The feed a reader can subscribe to (ADR 023), shown, not only announced in <head>. */}
            <a
              href={`/@${profile.handle}/feed.xml`}
              className="feed-link"
              aria-label={`Atom feed of @${profile.handle}`}
              title={`Atom feed of @${profile.handle}`}
            >
              <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
                <path
                  fill="currentColor"
                  d="M5 3a16 16 0 0 1 16 16h-3A13 13 0 0 0 5 6zm0 6a10 10 0 0 1 10 10h-3a7 7 0 0 0-7-7zm2 6.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4"
                />
              </svg>
            </a>
          </p>
          <p className="follow-counts">
            <a href={`/@${profile.handle}/following`}>
              <strong>{profile.followingCount}</strong> following
            </a>
            <span aria-hidden="true"> · </span>
            <a href={`/@${profile.handle}/followers`}>
              <strong>{profile.followersCount}</strong> {profile.followersCount === 1 ? "follower" : "followers"}
            </a>
          </p>
          {isOwn ? (
            <div className="profile-actions">
              <a href="/settings/profile" className="button secondary edit-profile">
                Edit profile
              </a>
            </div>
          ) : signedIn && !profile.blockedByViewer ? (
            <div className="profile-actions">
              <RelationButton relation="follow" handle={profile.handle} active={profile.followedByViewer} />
              <a href={`/messages/@${profile.handle}#latest`} className="button secondary edit-profile">
                Message
              </a>
            </div>
          ) : null}
          {/* Reports and moderation (ADR 019): kept apart from the other profile controls. */}
          {profile.suspended ? (
            <p className="suspended-notice" role="status">
              This account is suspended.
            </p>
          ) : null}
          {signedIn && !isOwn ? (
            <p className="profile-report">
              <a href={`/report?${new URLSearchParams({ user: profile.handle })}`} className="report-link">
                Report @{profile.handle}
              </a>
            </p>
          ) : null}
          {/* Block and mute (ADR 018): a block of their own, apart from follow and message. */}
          {signedIn && !isOwn ? (
            <div className="profile-actions profile-safety">
              {profile.blockedByViewer ? null : <RelationButton relation="mute" handle={profile.handle} active={profile.mutedByViewer} />}
              <BlockButton handle={profile.handle} active={profile.blockedByViewer} />
            </div>
          ) : null}
        </div>
      </header>
      {isOwn ? <CrudForm max={CRUD_MAX} /> : null}
      {topHref && !profile.blockedByViewer ? <NewerPager newerHref={newerHref} topHref={topHref} /> : null}
      {profile.blockedByViewer ? (
        <p className="empty blocked-notice" role="status">
          You have blocked @{profile.handle}. Neither of you sees the other&apos;s cruds.
        </p>
      ) : (
        <CrudFeed cruds={cruds} olderHref={olderHref} empty={`@${profile.handle} has no live cruds.`} />
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
