import { Avatar } from "~/components/avatar";
import { useNow } from "~/components/clock";
import { BombIcon } from "~/components/icons";
import { formatAge, formatExact, formatTimeLeft } from "~/utils/time";

export type CrudCardData = {
  id: string;
  message: string;
  createdAt: Date;
  expiresAt: Date;
  repliesCount: number;
  likesCount: number;
  repostsCount: number;
  user: { handle: string; displayName: string };
};

export function Countdown({ expiresAt }: { expiresAt: Date }) {
  const now = useNow();
  const expired = expiresAt.getTime() <= now.getTime();
  return (
    <span className={expired ? "expiry expired" : "expiry"}>
      <BombIcon />
      <time dateTime={expiresAt.toISOString()} title={`Expires ${formatExact(expiresAt)}`}>
        {expired ? "expired" : `expires in ${formatTimeLeft(expiresAt, now)}`}
      </time>
    </span>
  );
}

export function CrudCard({ crud }: { crud: CrudCardData }) {
  const now = useNow();
  const profile = `/@${crud.user.handle}`;
  return (
    <article className="crud" aria-labelledby={`crud-${crud.id}-author`}>
      <Avatar handle={crud.user.handle} displayName={crud.user.displayName} />
      <div className="crud-body">
        <header className="crud-meta">
          <a href={profile} className="display-name" id={`crud-${crud.id}-author`}>
            {crud.user.displayName}
          </a>{" "}
          <a href={profile} className="handle">
            @{crud.user.handle}
          </a>
          <span aria-hidden="true"> · </span>
          <time className="age" dateTime={crud.createdAt.toISOString()} title={formatExact(crud.createdAt)}>
            {formatAge(crud.createdAt, now)}
          </time>
        </header>
        <p className="message">{crud.message}</p>
        <footer className="crud-footer">
          <Countdown expiresAt={crud.expiresAt} />
          <span className="counts">
            <span>{crud.repliesCount} {crud.repliesCount === 1 ? "reply" : "replies"}</span>
            <span>{crud.repostsCount} {crud.repostsCount === 1 ? "repost" : "reposts"}</span>
            <span>{crud.likesCount} {crud.likesCount === 1 ? "like" : "likes"}</span>
          </span>
        </footer>
      </div>
    </article>
  );
}

/** A page of cruds with the cursor link to older ones (works without JavaScript). */
export function CrudFeed({ cruds, olderHref, empty }: { cruds: CrudCardData[]; olderHref?: string; empty: string }) {
  return (
    <section className="feed" aria-label="Cruds">
      {cruds.length === 0 ? <p className="empty">{empty}</p> : cruds.map((crud) => <CrudCard key={crud.id} crud={crud} />)}
      {olderHref ? (
        <nav className="pager" aria-label="Pagination">
          <a href={olderHref} rel="next" className="button secondary">
            Older
          </a>
        </nav>
      ) : null}
    </section>
  );
}
