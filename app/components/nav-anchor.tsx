import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * A link of the page's shell (nav, tab bar, menus, sidebar) as a plain anchor: with JavaScript,
 * `useAnchorNavigation` gives it in-app navigation. Every page renders ~25 of them, and a Remix
 * `<NavLink>` resolves its path several times per render (ADR 027). Marked as `NavLink` marks
 * them: class `active` and `aria-current="page"` on the page it leads to or, unless `end`, below it
 * (paths compared case-insensitively; the query is not part of it).
 */
export function NavAnchor({
  to,
  end = false,
  className,
  children,
  ...rest
}: {
  to: string;
  end?: boolean;
  className?: string;
  children: ReactNode;
  "aria-label"?: string;
}) {
  const here = useLocation().pathname.toLowerCase();
  const target = to.split("?")[0]!.toLowerCase();
  const active = here === target || (!end && target !== "/" && here.startsWith(target) && here.charAt(target.length) === "/");
  return (
    <a href={to} className={[className, active ? "active" : null].filter(Boolean).join(" ") || undefined} aria-current={active ? "page" : undefined} {...rest}>
      {children}
    </a>
  );
}
