import { NavIcon, type NavIconName } from "~/components/icons";
import { NavAnchor } from "~/components/nav-anchor";
import { Badge, useShownCounts, useSignInHref, type NavCounts, type NavUser } from "~/components/layout";

type Tab = { to: string; label: string; icon: NavIconName; end?: boolean; badge?: { count: number; label: string } };

/**
 * The phone's bottom tab bar (≤ 700 px; hidden on wider screens, where the side nav has the same
 * links). Last in the page, as it is last on the screen, so the tab order follows what is seen.
 */
export function TabBar({ user, counts }: { user: NavUser | null; counts?: NavCounts }) {
  const shown = useShownCounts(counts);
  const signInHref = useSignInHref();
  const tabs: Tab[] = user
    ? [
        { to: "/", label: "Home", icon: "home", end: true },
        { to: "/search", label: "Search", icon: "search" },
        { to: "/notifications", label: "Notifications", icon: "bell", badge: { count: shown.notifications, label: "unread" } },
        { to: "/messages", label: "Messages", icon: "mail", badge: { count: shown.messages, label: "unread conversations" } },
        { to: `/@${user.handle}`, label: "Profile", icon: "user", end: true },
      ]
    : [
        { to: "/", label: "Home", icon: "home", end: true },
        { to: "/search", label: "Search", icon: "search" },
        { to: signInHref, label: "Sign in", icon: "sign-in" },
        { to: "/signup", label: "Sign up", icon: "sign-up" },
      ];
  return (
    <nav className="tab-bar" aria-label="Tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.label}>
            <NavAnchor to={tab.to} end={tab.end}>
              <NavIcon name={tab.icon} />
              <span className="tab-label">{tab.label}</span>
              {/* After the label, so the link reads "Notifications 3 unread"; drawn on the icon. */}
              {tab.badge ? <Badge count={tab.badge.count} label={tab.badge.label} /> : null}
            </NavAnchor>
          </li>
        ))}
      </ul>
    </nav>
  );
}
