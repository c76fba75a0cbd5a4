import { Form, Link, NavLink, useMatches } from "@remix-run/react";
import type { ReactNode } from "react";
import { Avatar } from "~/components/avatar";
import { LogoIcon } from "~/components/icons";

export type NavUser = { handle: string; displayName: string };
export type NavCounts = { notifications: number; messages: number };

function Badge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span className="badge">
      {count > 99 ? "99+" : count}
      <span className="visually-hidden"> {label}</span>
    </span>
  );
}

/**
 * A route whose loader marks the notifications read says so in its `handle`: the badge, counted by
 * the root loader alongside (before the marking), then shows none on that very page.
 */
export type BadgeClearingHandle = { clearsNotificationBadge?: boolean };

export function Navigation({ user, counts }: { user: NavUser | null; counts?: NavCounts }) {
  const clearsNotifications = useMatches().some((match) => (match.handle as BadgeClearingHandle | undefined)?.clearsNotificationBadge);
  return (
    <nav className="primary-nav" aria-label="Main">
      <Link to="/" className="logo" aria-label="Cruddur home">
        <LogoIcon />
        <span>Cruddur</span>
      </Link>
      <ul>
        <li>
          <NavLink to="/" end>
            Home
          </NavLink>
        </li>
        <li>
          <NavLink to="/search">Search</NavLink>
        </li>
        {user ? (
          <>
            <li>
              <NavLink to="/notifications">
                Notifications <Badge count={clearsNotifications ? 0 : (counts?.notifications ?? 0)} label="unread" />
              </NavLink>
            </li>
            <li>
              <NavLink to="/messages">
                Messages <Badge count={counts?.messages ?? 0} label="unread conversations" />
              </NavLink>
            </li>
            <li>
              <NavLink to={`/@${user.handle}`} end>
                Profile
              </NavLink>
            </li>
          </>
        ) : (
          <>
            <li>
              <NavLink to="/signin">Sign in</NavLink>
            </li>
            <li>
              <NavLink to="/signup">Sign up</NavLink>
            </li>
          </>
        )}
      </ul>
      {user ? <ProfileMenu user={user} /> : null}
    </nav>
  );
}

/** A native disclosure: opens with a click or Enter without JavaScript; sign-out is a POST form. */
function ProfileMenu({ user }: { user: NavUser }) {
  return (
    <details className="profile-menu">
      <summary>
        <Avatar handle={user.handle} displayName={user.displayName} size={40} />
        <span className="who">
          <span className="display-name">{user.displayName}</span>
          <span className="handle">@{user.handle}</span>
        </span>
      </summary>
      <div className="menu">
        <Link to={`/@${user.handle}`}>Your profile</Link>
        <Link to="/settings/profile">Edit profile</Link>
        <Form method="post" action="/signout">
          <button type="submit" className="secondary">
            Sign out
          </button>
        </Form>
      </div>
    </details>
  );
}

export function JoinPanel() {
  return (
    <section className="panel join" aria-labelledby="join-title">
      <h2 id="join-title">Join the party</h2>
      <p>Have something to say? Say it, and let it expire.</p>
      <div className="join-actions">
        <Link to="/signup" className="button">
          Sign up
        </Link>
        <Link to="/signin" className="button secondary">
          Sign in
        </Link>
      </div>
    </section>
  );
}

export function Sidebar({ children }: { children?: ReactNode }) {
  return (
    <aside className="sidebar" aria-label="Sidebar">
      {children}
    </aside>
  );
}
