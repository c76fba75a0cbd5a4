import { Form, useLocation, useMatches } from "@remix-run/react";
import type { ReactNode } from "react";
import { useDisclosureMenu } from "~/hooks/use-disclosure-menu";
import { UserChip } from "~/components/user-chip";
import { LogoIcon, NavIcon } from "~/components/icons";
import { NavAnchor } from "~/components/nav-anchor";

export type NavUser = { handle: string; displayName: string; moderator?: boolean; avatar?: string | null };
export type NavCounts = { notifications: number; messages: number };

// Pages a visitor should not be sent back to after signing in.
const NO_RETURN = new Set(["/signin", "/signup", "/confirm", "/forgot", "/refused"]);

/** "Sign in", then back to the page the visitor was reading. */
export function useSignInHref(): string {
  const { pathname, search } = useLocation();
  return NO_RETURN.has(pathname) || pathname === "/" ? "/signin" : `/signin?${new URLSearchParams({ redirectTo: `${pathname}${search}` })}`;
}

export function Badge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <span className="badge">
      {count > 99 ? "99+" : count}
      <span className="visually-hidden"> {label}</span>
    </span>
  );
}

/**
 * The nav's badges are counted with the session, before a route's loader marks things read. A route
 * that does says, in its `handle`, what its loader data shows it marked, so the page that reads them
 * does not still announce them.
 */
export type BadgeHandle = { readOnThisPage?: (data: unknown) => { allNotifications?: boolean; conversations?: number } };

export function useShownCounts(counts: NavCounts | undefined): NavCounts {
  const shown = { notifications: counts?.notifications ?? 0, messages: counts?.messages ?? 0 };
  for (const match of useMatches()) {
    const read = (match.handle as BadgeHandle | undefined)?.readOnThisPage?.(match.data);
    if (read?.allNotifications) shown.notifications = 0;
    if (read?.conversations) shown.messages = Math.max(0, shown.messages - read.conversations);
  }
  return shown;
}

export function Navigation({ user, counts }: { user: NavUser | null; counts?: NavCounts }) {
  const shown = useShownCounts(counts);
  const signInHref = useSignInHref();
  return (
    <nav className="primary-nav" aria-label="Main">
      <a href="/" className="logo" aria-label="Cruddur home">
        <LogoIcon />
        <span>Cruddur</span>
      </a>
      <ul>
        <li>
          <NavAnchor to="/" end>
            <NavIcon name="home" /> Home
          </NavAnchor>
        </li>
        <li>
          <NavAnchor to="/search">
            <NavIcon name="search" /> Search
          </NavAnchor>
        </li>
        {user ? (
          <>
            <li>
              <NavAnchor to="/notifications">
                <NavIcon name="bell" /> Notifications <Badge count={shown.notifications} label="unread" />
              </NavAnchor>
            </li>
            <li>
              <NavAnchor to="/messages">
                <NavIcon name="mail" /> Messages <Badge count={shown.messages} label="unread conversations" />
              </NavAnchor>
            </li>
            <li>
              <NavAnchor to={`/@${user.handle}`} end>
                <NavIcon name="user" /> Profile
              </NavAnchor>
            </li>
            {user.moderator ? (
              <li>
                <NavAnchor to="/moderation">
                  <NavIcon name="shield" /> Moderation
                </NavAnchor>
              </li>
            ) : null}
          </>
        ) : (
          <>
            <li>
              <NavAnchor to={signInHref}>
                <NavIcon name="sign-in" /> Sign in
              </NavAnchor>
            </li>
            <li>
              <NavAnchor to="/signup">
                <NavIcon name="sign-up" /> Sign up
              </NavAnchor>
            </li>
          </>
        )}
      </ul>
      {user ? <ProfileMenu user={user} /> : null}
    </nav>
  );
}

/**
 * A native disclosure: opens with a click or Enter without JavaScript; sign-out is a POST form.
 * With JavaScript a menu (useDisclosureMenu).
 */
function ProfileMenu({ user }: { user: NavUser }) {
  const { menu } = useDisclosureMenu();
  return (
    <details className="profile-menu" {...menu}>
      {/* Its name says what it opens ("Account menu for Name @handle"; the chip alone reads as a person), the
          visible name and handle in it. Words in the content, not aria-label: the name is still the chip's text. */}
      <summary>
        <span className="visually-hidden">Account menu for </span>
        <UserChip user={user} size={40} />
      </summary>
      <div className="menu">
        <a href={`/@${user.handle}`}>Your profile</a>
        <a href="/settings/profile">Edit profile</a>
        <a href="/settings">Settings</a>
        {/* The phone's tab bar has no room for it: moderators find it here. */}
        {user.moderator ? (
          <a href="/moderation" className="phone-only">
            Moderation
          </a>
        ) : null}
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
  const signInHref = useSignInHref();
  return (
    <section className="panel join" aria-labelledby="join-title">
      <h2 id="join-title">Join the party</h2>
      <p>Have something to say? Say it, and let it expire.</p>
      <div className="join-actions">
        <a href="/signup" className="button">
          Sign up
        </a>
        <a href={signInHref} className="button secondary">
          Sign in
        </a>
      </div>
    </section>
  );
}

/** The pages whose sidebar (Trending, Suggested users) is worth scrolling to on a phone: Home and Search. */
export function sidebarOnPhone(pathname: string): boolean {
  return pathname === "/" || pathname === "/search";
}

/**
 * The right column. On a phone it comes after the whole page, so it is left out (`onPhone` false) on
 * every page but Home and Search: settings, a thread or a sign-in form do not trail it (ADR 037).
 */
export function Sidebar({ children, onPhone = true }: { children?: ReactNode; onPhone?: boolean }) {
  return (
    <aside className={onPhone ? "sidebar" : "sidebar not-on-phone"} aria-label="Sidebar">
      {children}
    </aside>
  );
}
