import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import type { BadgeHandle } from "~/components/layout";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RelativeTime } from "~/components/relative-time";
import { getNotificationGroups, markNotificationsRead, type NotificationGroup } from "~/models/notification.server";
import { pageMeta } from "~/routes-support/meta";

export const handle: BadgeHandle = { readOnThisPage: () => ({ allNotifications: true }) };

export const meta: MetaFunction = () => pageMeta("Notifications · Cruddur", "Replies, likes, reposts, mentions and follows of your live cruds.");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = new Date();
  const groups = await getNotificationGroups(user.id, now);
  // Shown once as unread (the marker below), then read. A GET that writes: reading *is* the action here,
  // and repeating it is harmless (idempotent).
  if (groups.some((group) => group.unread)) await markNotificationsRead(user.id, now);
  return { groups };
}

const VERB: Record<NotificationGroup["kind"], string> = {
  like: "liked your crud",
  repost: "reposted your crud",
  reply: "replied to your crud",
  mention: "mentioned you",
  follow: "followed you",
};

function Actors({ group }: { group: NotificationGroup }) {
  const [first] = group.actors;
  const others = group.actorCount - 1;
  return (
    <>
      <a href={`/@${first?.handle}`}>{first?.displayName}</a>
      {others > 0 ? ` and ${others} ${others === 1 ? "other" : "others"}` : null}
    </>
  );
}

export default function Notifications() {
  const { groups } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Notifications</h1>
      {groups.length === 0 ? (
        <p className="empty">Nothing yet. When people follow you, or reply to, like, repost or mention your cruds, you will see it here.</p>
      ) : null}
      <ol className="notifications">
        {groups.map((group) => (
          <li key={group.key} className={group.unread ? "notification unread" : "notification"}>
            {group.unread ? <span className="unread-marker">New</span> : null}
            <p>
              {/* A follow names its actor by handle too ("@x followed you"): there is no crud below to place them. */}
              <Actors group={group} /> {group.kind === "follow" ? <span className="handle">@{group.actors[0]?.handle} </span> : null}
              {VERB[group.kind]} · <RelativeTime date={group.latestAt} />
            </p>
            {group.kind === "follow" ? null : (
              <>
                {group.replyMessage ? <blockquote className="quoted">{group.replyMessage}</blockquote> : null}
                <a href={`/@${group.crudHandle}/status/${group.crudId}`} className="quoted-crud">
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
                </a>
              </>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
