import { Link } from "@remix-run/react";
import { RelationButton } from "~/components/relation-button";
import { UserChip } from "~/components/user-chip";

export type ListedPerson = { handle: string; displayName: string; bio: string; followedByViewer: boolean; avatar?: string | null };

/** People as search results and follow lists show them: chip and bio, with a Follow button for a signed-in viewer. */
export function PeopleList({ users, viewerHandle }: { users: ListedPerson[]; viewerHandle?: string | null }) {
  return (
    <ul className="people">
      {users.map((user) => (
        <li key={user.handle}>
          <Link to={`/@${user.handle}`}>
            <UserChip user={user}>{user.bio ? <span className="bio">{user.bio}</span> : null}</UserChip>
          </Link>
          {viewerHandle && viewerHandle !== user.handle ? <RelationButton relation="follow" handle={user.handle} active={user.followedByViewer} /> : null}
        </li>
      ))}
    </ul>
  );
}
