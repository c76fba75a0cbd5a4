import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";

/**
 * Client-side navigation for plain `<a href>` links. Feeds render dozens of profile and crud
 * links; as plain anchors they cost a fraction of `<Link>` on the server, and this one listener
 * gives them the same in-app navigation once JavaScript is running. Without JS they are links.
 */
export function useAnchorNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.hasAttribute("download") || anchor.dataset.reload !== undefined) return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin || url.pathname.startsWith("/build/") || url.pathname.startsWith("/api/")) return;
      event.preventDefault();
      navigate(`${url.pathname}${url.search}${url.hash}`);
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
