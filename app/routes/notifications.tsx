import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import type { BadgeHandle } from "~/components/layout";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NotificationIcon } from "~/components/icons";
import { Pager } from "~/components/pager";
import { RelationButton } from "~/components/relation-button";
import { RelativeTime } from "~/components/relative-time";
import { getNotificationGroups, markNotificationsRead, type NotificationActor, type NotificationGroup } from "~/models/notification.server";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { pageMeta } from "~/routes-support/meta";

/** Only the page that shows everything from the top marks everything read (docs/product.md §3): the badge follows it. */
export const handle: BadgeHandle = {
  readOnThisPage: (data) => ({ allNotifications: !!(data as { marksRead?: boolean } | undefined)?.marksRead }),
};

export const meta: MetaFunction = () => pageMeta("Notifications · Cruddur", "Replies, likes, reposts, mentions and follows of your live cruds.");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = new Date();
  const url = new URL(request.url);
  // `?filter=mentions`: the Mentions tab; anything else is All.
  const filter = url.searchParams.get("filter") === "mentions" ? "mentions" : "all";
  const cursor = parseCursor(url.searchParams.get("cursor"));
  const { groups, next } = await getNotificationGroups(user.id, now, { filter, cursor });
  // Shown once as unread (the marker below), then read. A GET that writes: reading *is* the action here,
  // and repeating it is harmless (idempotent). The Mentions tab and older pages show a part only: they
  // leave the rest unread (and the badge as it is).
  const marksRead = filter === "all" && !cursor;
  if (marksRead && groups.some((group) => group.unread)) await markNotificationsRead(user.id, now);
  return {
    groups,
    filter,
    marksRead,
    olderHref: cursorHref("/notifications", next, filter === "mentions" ? { params: { filter } } : {}),
  };
}

const TABS = [
  { filter: "all", label: "All", href: "/notifications" },
  { filter: "mentions", label: "Mentions", href: "/notifications?filter=mentions" },
] as const;

/** "Ana", "Ana and Bo", "Ana and 3 others": the first named (a link to them), the rest counted. */
function Actors({ group }: { group: NotificationGroup }) {
  const [first] = group.actors;
  const others = group.actorCount - 1;
  return (
    <>
      <a href={`/@${first?.handle}`} className="actor">
        {first?.displayName}
      </a>
      {others > 0 ? ` and ${others} ${others === 1 ? "other" : "others"}` : null}
    </>
  );
}

/** What happened, with the crud it happened to as the link ("liked your crud"). */
function Verb({ group }: { group: NotificationGroup }) {
  if (group.kind === "follow") return <>followed you</>;
  const crud = <a href={`/@${group.crudHandle}/status/${group.crudId}`}>{group.kind === "mention" ? "a crud" : "your crud"}</a>;
  if (group.kind === "like") return <>liked {crud}</>;
  if (group.kind === "repost") return <>reposted {crud}</>;
  if (group.kind === "reply") return <>replied to {crud}</>;
  return <>mentioned you in {crud}</>;
}

/** "Follow back", offered for those you did not follow when the page loaded, and kept (as "Unfollow") once pressed. */
function FollowBack({ actor }: { actor: NotificationActor }) {
  const [offered] = useState(!actor.followedByViewer);
  if (!offered) return null;
  return <RelationButton relation="follow" handle={actor.handle} active={actor.followedByViewer} onLabel="Follow back" />;
}

export default function Notifications() {
  const { groups, filter, olderHref } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Notifications</h1>
      <nav className="tabs notification-tabs" aria-label="Notifications">
        {TABS.map((tab) => (
          <Link key={tab.filter} to={tab.href} aria-current={tab.filter === filter ? "page" : undefined}>
            {tab.label}
          </Link>
        ))}
      </nav>
      {groups.length === 0 ? (
        <p className="empty">
          {filter === "mentions"
            ? "No mentions yet. When someone writes your @handle in a live crud, you will see it here."
            : "Nothing yet. When people follow you, or reply to, like, repost or mention your cruds, you will see it here."}
        </p>
      ) : null}
      <ol className="notifications">
        {groups.map((group) => (
          <li key={group.key} className={`notification notification-${group.kind}${group.unread ? " unread" : ""}`}>
            <NotificationIcon kind={group.kind} />
            <div className="notification-body">
              <span className="notification-avatars">
                {group.actors.map((actor) => (
                  <Avatar key={actor.handle} handle={actor.handle} displayName={actor.displayName} src={actor.avatar} size={32} />
                ))}
                {group.unread ? <span className="unread-marker">New</span> : null}
              </span>
              <p className="notification-text">
                {/* A follow names its actor by handle too ("@x followed you"): there is no crud below to place them. */}
                <Actors group={group} /> {group.kind === "follow" ? <span className="handle">@{group.actors[0]?.handle} </span> : null}
                <Verb group={group} /> · <RelativeTime date={group.latestAt} />
              </p>
              {group.kind === "follow" ? (
                <div className="follow-back">
                  {group.actors.map((actor) => (
                    <FollowBack key={actor.handle} actor={actor} />
                  ))}
                </div>
              ) : (
                <>
                  {group.replyMessage ? <p className="excerpt reply-excerpt">{group.replyMessage}</p> : null}
                  <p className="excerpt">
                    {group.crudMessage}
                    {group.crudImages.length > 0 ? (
                      <span className="quoted-images">
                        {group.crudImages.map((image) => (
                          // Thumbnails at the previews' own ratio, 64 px high: sized before they load.
                          <img
                            key={image.previewSrc}
                            src={image.previewSrc}
                            alt={image.alt}
                            height={64}
                            width={Math.round((64 * image.previewWidth) / image.previewHeight)}
                            loading="lazy"
                          />
                        ))}
                      </span>
                    ) : null}
                  </p>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
      <Pager href={olderHref} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
