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

/**
 * Above a page further down a timeline: the page just newer than it ("Newer", `rel="prev"`, when
 * there is one) and the way back to the newest ("Back to top"). Links, so they work without JavaScript.
 */
export function NewerPager({ newerHref, topHref }: { newerHref?: string; topHref: string }) {
  return (
    <nav className="pager newer-pager" aria-label="Newer cruds">
      {newerHref ? (
        <a href={newerHref} rel="prev" className="button secondary">
          Newer
        </a>
      ) : null}
      <a href={topHref} className="button secondary">
        Back to top
      </a>
    </nav>
  );
}
