import type { ReactNode } from "react";

/**
 * A cursor link to another page of a list (works without JavaScript): "Older" by default, with
 * `rel="next"`. Nothing when there is no such page.
 */
export function Pager({
  href,
  label = "Pagination",
  rel = "next",
  children = "Older",
}: {
  href?: string;
  label?: string;
  rel?: "next" | null;
  children?: ReactNode;
}) {
  if (!href) return null;
  return (
    <nav className="pager" aria-label={label}>
      <a href={href} rel={rel ?? undefined} className="button secondary">
        {children}
      </a>
    </nav>
  );
}
