import { useFetcher, useLocation, useRouteLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { Avatar } from "~/components/avatar";
import { useClock } from "~/components/clock";
import { CrudText } from "~/components/crud-text";
import { CrudImages } from "~/components/crud-images";
import type { CrudImage } from "~/domain/pictures";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import { useTimeZone } from "~/components/time-zone";
import { ActionIcon, BombIcon } from "~/components/icons";
import { CrudMenu } from "~/components/crud-menu";
import { ShareButton } from "~/components/share-button";
import { EnhancedField, submitThrough } from "~/components/forms";
import { formatExact, formatTimeLeft } from "~/domain/time";
import { useExpired } from "~/hooks/use-expired";

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
  user: { handle: string; displayName: string; avatar?: string | null };
  images?: CrudImage[];
  sensitive?: boolean;
  contentWarning?: string;
  key?: string;
  repostedBy?: { handle: string; displayName: string };
};

type RootData = { user: { handle: string } | null } | undefined;

/** "expires in 3h 12m", renders again only when that text changes (each second only in its last hour). */
export function Countdown({ expiresAt }: { expiresAt: Date }) {
  const at = expiresAt.getTime();
  const left = useClock(useCallback((now: Date) => (at <= now.getTime() ? null : formatTimeLeft(expiresAt, now)), [at, expiresAt]));
  const timeZone = useTimeZone();
  return (
    <span className={left === null ? "expiry expired" : "expiry"}>
      <BombIcon />
      <time dateTime={expiresAt.toISOString()} title={`Expires ${formatExact(expiresAt, timeZone)}`}>
        {left === null ? (
          "expired"
        ) : (
          <>
            <span className="visually-hidden">expires in </span>
            {left}
          </>
        )}
      </time>
    </span>
  );
}

export const crudPath = (crud: { id: string; user: { handle: string } }) => `/@${crud.user.handle}/status/${crud.id}`;

/**
 * A count shown as a number, named with its noun for screen readers ("Like 3 likes"): the accessible
 * name starts with the button's label (hidden beside its icon) and holds the visible number (WCAG 2.5.3).
 */
function Count({ n, noun, plural = `${noun}s` }: { n: number; noun: string; plural?: string }) {
  // A count of 0 is shown (and said) as nothing: "Like", not "Like 0 likes".
  if (n <= 0) return null;
  return (
    <span className="count">
      {` ${n}`}
      <span className="visually-hidden">{` ${n === 1 ? noun : plural}`}</span>
    </span>
  );
}

/** What /cruds/:id answers a fetcher: `gone` when the crud expired or was deleted meanwhile. */
type ToggleResult = { ok: boolean; error?: string; gone?: boolean };

/**
 * Like/unlike or repost/undo: a form that works without JS, updated in place (optimistically) with
 * it. Without JS the redirect comes back to this card (`#crud-…`), not to the top of the page.
 */
function ToggleButton({ crud, kind, cardId, onGone }: { crud: CrudCardData; kind: "like" | "repost"; cardId: string; onGone: () => void }) {
  const fetcher = useFetcher<ToggleResult>();
  const location = useLocation();
  const gone = fetcher.state === "idle" && fetcher.data?.gone === true;
  useEffect(() => {
    if (gone) onGone();
  }, [gone, onGone]);
  const active = kind === "like" ? !!crud.liked : !!crud.reposted;
  const count = kind === "like" ? crud.likesCount : crud.repostsCount;
  const pendingIntent = fetcher.formData?.get("intent");
  const shownActive = pendingIntent ? pendingIntent === kind : active;
  const shownCount = count + (shownActive === active ? 0 : shownActive ? 1 : -1);
  const [on, off, noun] = kind === "like" ? ["Like", "Unlike", "like"] : ["Repost", "Undo repost", "repost"];
  return (
    <form method="post" action={`/cruds/${crud.id}`} className="toggle" onSubmit={submitThrough(fetcher.submit)}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}#${cardId}`} />
      <EnhancedField />
      <button type="submit" name="intent" value={shownActive ? `un${kind}` : kind} className={shownActive ? `action ${kind} active` : `action ${kind}`}>
        {/* The state is said once, by the label ("Like"/"Unlike"), not also by aria-pressed; the name is the visible text and its noun. */}
        <ActionIcon name={kind} />
        <span className="visually-hidden">{shownActive ? off : on}</span>
        <Count n={shownCount} noun={noun} />
      </button>
      {fetcher.state === "idle" && fetcher.data?.error && !gone ? (
        <span className="field-error" role="alert">
          {fetcher.data.error}
        </span>
      ) : null}
    </form>
  );
}

/**
 * The `shouldRevalidate` of every page that lists crud cards: after acting on a crud that had gone
 * (a like or repost of an expired or deleted crud, a reply to one: a 404), the page's data is not
 * reloaded, so the card stays where it was and says so, and a reply form keeps its text, instead of
 * the page changing under the reader. Anything else reloads as usual.
 *
 * The same after a refusal for a block (a reply, like, repost or follow answered 403, ADR 018): it
 * stored nothing, so there is nothing to reload, and reloading would take the refusal away: the
 * thread of someone who blocks you is a 404 for you (its error page replaced the thread and the
 * reply being written), and the timelines drop their cards (and the message on the card's button).
 */
export const keepGoneCards: ShouldRevalidateFunction = ({ actionStatus, actionResult, defaultShouldRevalidate }) =>
  actionStatus === 404 || actionStatus === 403 || (actionResult as ToggleResult | undefined)?.gone === true ? false : defaultShouldRevalidate;

/** The id of a card in the page (a repost has its own), the fragment that leads back to it. */
export const crudCardId = (crud: { id: string; key?: string }) => `crud-${crud.key ?? crud.id}`;

/** The author's name and handle, each a link to their profile; `id` names the card (aria-labelledby). */
function AuthorLinks({ user, id }: { user: { handle: string; displayName: string }; id: string }) {
  const profile = `/@${user.handle}`;
  return (
    <>
      <a href={profile} className="display-name" id={id}>
        {user.displayName}
      </a>{" "}
      <a href={profile} className="handle">
        {`@${user.handle}`}
      </a>
    </>
  );
}
/**
 * What stays of a card whose crud expired while on screen (its countdown ended) or turned out to
 * be gone when acted on: who wrote it and a note that says so; its text and actions go. Focus that
 * was on one of its buttons moves to the note instead of being lost (and is never taken otherwise).
 */
function GoneCard({ crud, cardId, reason, takeFocus }: { crud: CrudCardData; cardId: string; reason: "expired" | "gone"; takeFocus: boolean }) {
  const note = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (takeFocus) note.current?.focus();
  }, [takeFocus]);
  return (
    <article className="crud gone" id={cardId} aria-labelledby={`${cardId}-author`}>
      <Avatar handle={crud.user.handle} displayName={crud.user.displayName} src={crud.user.avatar} />
      <div className="crud-body">
        <header className="crud-meta">
          <AuthorLinks user={crud.user} id={`${cardId}-author`} />
        </header>
        <p className="gone-note" role="status" tabIndex={-1} ref={note}>
          {reason === "expired" ? "This crud has expired." : "This crud has expired or was deleted."}
        </p>
      </div>
    </article>
  );
}

export function CrudCard({ crud, linkToThread = true }: { crud: CrudCardData; linkToThread?: boolean }) {
  const viewer = (useRouteLoaderData("root") as RootData)?.user;
  const location = useLocation();
  const timeZone = useTimeZone();
  const expired = useExpired(crud.expiresAt);
  const [gone, setGone] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const markGone = useCallback(() => setGone(true), []);
  const cardId = crudCardId(crud);
  const article = useRef<HTMLElement>(null);
  const hadFocus = useRef(false);
  // Deleted in place: the focus goes to the next card, else the one before, else the page's heading.
  const markDeleted = useCallback(() => {
    const card = article.current;
    const sibling = (from: Element | null | undefined, next: boolean) => {
      for (let at = from; at; at = next ? at.nextElementSibling : at.previousElementSibling) if (at.matches("article.crud")) return at as HTMLElement;
      return null;
    };
    const target = sibling(card?.nextElementSibling, true) ?? sibling(card?.previousElementSibling, false) ?? document.querySelector<HTMLElement>("h1");
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
    setDeleted(true);
  }, []);
  if (deleted) return null;
  if (expired || gone) {
    // Read while the live card is still in the page (its button about to go): was the reader on it?
    hadFocus.current ||= !!article.current?.contains(document.activeElement);
    return <GoneCard crud={crud} cardId={cardId} reason={expired ? "expired" : "gone"} takeFocus={hadFocus.current} />;
  }
  const thread = crudPath(crud);
  const here = `${location.pathname}${location.search}`;
  return (
    <article className={linkToThread ? "crud" : "crud main-crud"} id={cardId} aria-labelledby={`${cardId}-author`} ref={article}>
      {crud.repostedBy ? (
        <p className="reposted-by">
          <ActionIcon name="repost" />{" "}
          {viewer && crud.repostedBy.handle === viewer.handle ? (
            "You reposted"
          ) : (
            <>
              Reposted by <a href={`/@${crud.repostedBy.handle}`}>{crud.repostedBy.displayName}</a>
            </>
          )}
        </p>
      ) : null}
      <Avatar handle={crud.user.handle} displayName={crud.user.displayName} src={crud.user.avatar} />
      <div className="crud-body">
        <header className="crud-meta">
          <span className="who">
            <AuthorLinks user={crud.user} id={`${cardId}-author`} />
          </span>
          <span className="when">
            <span aria-hidden="true">· </span>
            <a href={thread} className="age" title={formatExact(crud.createdAt, timeZone)}>
              <RelativeTime date={crud.createdAt} exactTitle={false} />
            </a>
            <span aria-hidden="true"> · </span>
            <Countdown expiresAt={crud.expiresAt} />
          </span>
        </header>
        <CrudText message={crud.message} knownHandles={crud.mentionedHandles} />
        {crud.images ? <CrudImages images={crud.images} sensitive={crud.sensitive} contentWarning={crud.contentWarning} eager={!linkToThread} /> : null}
        {linkToThread ? null : (
          <p className="exact-time">
            <time dateTime={new Date(crud.createdAt).toISOString()}>{formatExact(crud.createdAt, timeZone)}</time>
          </p>
        )}
        <footer className="crud-footer actions">
          {linkToThread ? (
            <a href={thread} className="action reply">
              <ActionIcon name="reply" />
              <span className="visually-hidden">Reply</span>
              <Count n={crud.repliesCount} noun="reply" plural="replies" />
            </a>
          ) : (
            <span className="action reply static">
              <ActionIcon name="reply" />
              <Count n={crud.repliesCount} noun="reply" plural="replies" />
            </span>
          )}
          {crud.replyToId ? null : viewer ? (
            <ToggleButton crud={crud} kind="repost" cardId={cardId} onGone={markGone} />
          ) : (
            <span className="action static">
              <ActionIcon name="repost" />
              <Count n={crud.repostsCount} noun="repost" />
            </span>
          )}
          {viewer ? (
            <ToggleButton crud={crud} kind="like" cardId={cardId} onGone={markGone} />
          ) : (
            <span className="action static">
              <ActionIcon name="like" />
              <Count n={crud.likesCount} noun="like" />
            </span>
          )}
          <ShareButton path={thread} title={`${crud.user.displayName} on Cruddur`} />
          {viewer ? (
            <CrudMenu
              crud={crud}
              thread={thread}
              here={here}
              own={viewer.handle === crud.user.handle}
              inList={linkToThread}
              onDeleted={markDeleted}
              onGone={markGone}
            />
          ) : null}
        </footer>
      </div>
    </article>
  );
}

/** A page of cruds with the cursor link to older ones (works without JavaScript). */
export function CrudFeed({ cruds, olderHref, empty, labelledBy }: { cruds: CrudCardData[]; olderHref?: string; empty: string; labelledBy?: string }) {
  // Named by the page's own heading when it has one over the feed, so no page has two regions of one name.
  return (
    <section className="feed" {...(labelledBy ? { "aria-labelledby": labelledBy } : { "aria-label": "Cruds" })}>
      {cruds.length === 0 ? <p className="empty">{empty}</p> : cruds.map((crud) => <CrudCard key={crud.key ?? crud.id} crud={crud} />)}
      <Pager href={olderHref} />
    </section>
  );
}
