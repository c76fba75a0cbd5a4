import type { ReactNode } from "react";
import { Avatar } from "~/components/avatar";

/** `avatar`: the URL of their uploaded avatar; without one, initials on a colour. */
export type ChipUser = { handle: string; displayName: string; avatar?: string | null };

/**
 * A user at a glance: avatar, display name and @handle (and `children` under them, such as a bio).
 * Only the content: the caller puts it in a link, a summary or a list item.
 */
export function UserChip({ user, size, children }: { user: ChipUser; size?: number; children?: ReactNode }) {
  return (
    <>
      <Avatar handle={user.handle} displayName={user.displayName} size={size} src={user.avatar} />
      <span className="who">
        <span className="display-name">{user.displayName}</span>
        <span className="handle">@{user.handle}</span>
        {children}
      </span>
    </>
  );
}
