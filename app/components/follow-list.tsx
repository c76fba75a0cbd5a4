import { Link } from "@remix-run/react";
import { Pager } from "~/components/pager";
import { PeopleList } from "~/components/people-list";

export type FollowListData = {
  kind: "following" | "followers";
  owner: { handle: string; displayName: string };
  users: { handle: string; displayName: string; bio: string; followedByViewer: boolean; avatar?: string | null }[];
  olderHref?: string;
  viewerHandle: string | null;
};

/** Who a user follows, or who follows them: user chips, a Follow button for a signed-in viewer, and "Older". */
export function FollowList({ kind, owner, users, olderHref, viewerHandle }: FollowListData) {
  const title = kind === "following" ? `People @${owner.handle} follows` : `People following @${owner.handle}`;
  return (
    <div className="follow-list-page">
      <h1 className="page-title">{title}</h1>
      <nav className="tabs" aria-label={`@${owner.handle}'s follows`}>
        <Link to={`/@${owner.handle}`}>{owner.displayName}</Link>
        <Link to={`/@${owner.handle}/following`} aria-current={kind === "following" ? "page" : undefined}>
          Following
        </Link>
        <Link to={`/@${owner.handle}/followers`} aria-current={kind === "followers" ? "page" : undefined}>
          Followers
        </Link>
      </nav>
      {users.length === 0 ? (
        <p className="empty">{kind === "following" ? `@${owner.handle} does not follow anyone yet.` : `Nobody follows @${owner.handle} yet.`}</p>
      ) : (
        <PeopleList users={users} viewerHandle={viewerHandle} />
      )}
      <Pager href={olderHref} />
    </div>
  );
}
