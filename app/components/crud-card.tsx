import { useFetcher, useLocation, useRouteLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { useNow } from "~/components/clock";
import { CrudText } from "~/components/crud-text";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import { useTimeZone } from "~/components/time-zone";
import { BombIcon } from "~/components/icons";
import { EnhancedField } from "~/utils/hydrated";
import { formatExact, formatTimeLeft } from "~/utils/time";

export type CrudCardData = {
  id: string;
  message: string;
  createdAt: Date;
  expiresAt: Date;
  replyToId?: string | null;
  repliesCount: number;
  likesCount: number;
  repostsCount: number;
  liked?: boolean;
  reposted?: boolean;
  /** The @mentioned handles that belong to a user (read with the crud): only those are links. */
  mentionedHandles: string[];
  user: { handle: string; displayName: string };
  key?: string;
  repostedBy?: { handle: string; displayName: string };
};

type RootData = { user: { handle: string } | null } | undefined;

export function Countdown({ expiresAt }: { expiresAt: Date }) {
  const now = useNow();
  const timeZone = useTimeZone();
  const expired = expiresAt.getTime() <= now.getTime();
  return (
    <span className={expired ? "expiry expired" : "expiry"}>
      <BombIcon />
      <time dateTime={expiresAt.toISOString()} title={`Expires ${formatExact(expiresAt, timeZone)}`}>
        {expired ? "expired" : `expires in ${formatTimeLeft(expiresAt, now)}`}
      </time>
    </span>
  );
}

export const crudPath = (crud: { id: string; user: { handle: string } }) => `/@${crud.user.handle}/status/${crud.id}`;

/** Like/unlike or repost/undo: a form that works without JS, updated in place (optimistically) with it. */
function ToggleButton({ crud, kind }: { crud: CrudCardData; kind: "like" | "repost" }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const location = useLocation();
  const active = kind === "like" ? !!crud.liked : !!crud.reposted;
  const count = kind === "like" ? crud.likesCount : crud.repostsCount;
  const pendingIntent = fetcher.formData?.get("intent");
  const shownActive = pendingIntent ? pendingIntent === kind : active;
  const shownCount = count + (shownActive === active ? 0 : shownActive ? 1 : -1);
  const [on, off, noun] = kind === "like" ? ["Like", "Unlike", "like"] : ["Repost", "Undo repost", "repost"];
  return (
    <fetcher.Form method="post" action={`/cruds/${crud.id}`} className="toggle">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <EnhancedField />
      <button
        type="submit"
        name="intent"
        value={shownActive ? `un${kind}` : kind}
        className={shownActive ? "action active" : "action"}
        aria-pressed={shownActive}
        aria-label={`${shownActive ? off : on} (${shownCount} ${noun}${shownCount === 1 ? "" : "s"})`}
      >
        {shownActive ? off : on} <span className="count">{shownCount}</span>
      </button>
      {fetcher.state === "idle" && fetcher.data?.error ? (
        <span className="field-error" role="alert">
          {fetcher.data.error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

export function CrudCard({ crud, linkToThread = true }: { crud: CrudCardData; linkToThread?: boolean }) {
  const viewer = (useRouteLoaderData("root") as RootData)?.user;
  const timeZone = useTimeZone();
  const profile = `/@${crud.user.handle}`;
  const thread = crudPath(crud);
  return (
    <article className="crud" aria-labelledby={`crud-${crud.key ?? crud.id}-author`}>
      {crud.repostedBy ? (
        <p className="reposted-by">
          Reposted by <a href={`/@${crud.repostedBy.handle}`}>{crud.repostedBy.displayName}</a>
        </p>
      ) : null}
      <Avatar handle={crud.user.handle} displayName={crud.user.displayName} />
      <div className="crud-body">
        <header className="crud-meta">
          <a href={profile} className="display-name" id={`crud-${crud.key ?? crud.id}-author`}>
            {crud.user.displayName}
          </a>{" "}
          <a href={profile} className="handle">
            @{crud.user.handle}
          </a>
          <span aria-hidden="true"> · </span>
          <a href={thread} className="age" title={formatExact(crud.createdAt, timeZone)}>
            <RelativeTime date={crud.createdAt} exactTitle={false} />
          </a>
        </header>
        <CrudText message={crud.message} knownHandles={crud.mentionedHandles} />
        <footer className="crud-footer">
          <Countdown expiresAt={crud.expiresAt} />
          {viewer ? (
            <span className="actions">
              {linkToThread ? (
                <a href={thread} className="action" aria-label={`Reply (${crud.repliesCount} ${crud.repliesCount === 1 ? "reply" : "replies"})`}>
                  Reply <span className="count">{crud.repliesCount}</span>
                </a>
              ) : null}
              {crud.replyToId ? null : <ToggleButton crud={crud} kind="repost" />}
              <ToggleButton crud={crud} kind="like" />
              <a href={thread} className="action share" aria-label="Link to this crud">
                Share
              </a>
              {viewer.handle === crud.user.handle ? (
                <>
                  {/* The lifetime form on the thread page (a reply's lifetime is its thread's). */}
                  {crud.replyToId ? null : (
                    <a href={`${thread}#lifetime`} className="action shorten" aria-label="Shorten the lifetime of this crud">
                      Shorten
                    </a>
                  )}
                  <a href={`${thread}?delete`} className="action danger">
                    Delete
                  </a>
                </>
              ) : (
                <a href={`/report?${new URLSearchParams({ crud: crud.id })}`} className="action report" aria-label={`Report this crud by @${crud.user.handle}`}>
                  Report
                </a>
              )}
            </span>
          ) : (
            <span className="counts">
              <a href={thread}>
                {crud.repliesCount} {crud.repliesCount === 1 ? "reply" : "replies"}
              </a>
              <span>
                {crud.repostsCount} {crud.repostsCount === 1 ? "repost" : "reposts"}
              </span>
              <span>
                {crud.likesCount} {crud.likesCount === 1 ? "like" : "likes"}
              </span>
            </span>
          )}
        </footer>
      </div>
    </article>
  );
}

/** A page of cruds with the cursor link to older ones (works without JavaScript). */
export function CrudFeed({ cruds, olderHref, empty }: { cruds: CrudCardData[]; olderHref?: string; empty: string }) {
  return (
    <section className="feed" aria-label="Cruds">
      {cruds.length === 0 ? <p className="empty">{empty}</p> : cruds.map((crud) => <CrudCard key={crud.key ?? crud.id} crud={crud} />)}
      <Pager href={olderHref} />
    </section>
  );
}
