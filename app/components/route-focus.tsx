import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** The first field an answer marked invalid (`aria-invalid`, as `Field` does), in the page's order. */
function focusFirstInvalid(within: ParentNode = document): boolean {
  const field = within.querySelector<HTMLElement>('main [aria-invalid="true"]');
  field?.focus();
  return !!field;
}

/** The page's heading (its `h1`, made focusable by script only), else `main`. */
function focusHeading() {
  const heading = document.querySelector<HTMLElement>("main h1") ?? document.querySelector<HTMLElement>("main");
  if (!heading) return;
  if (!heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

/** Whether the focus went back to the page (what had it left the document). */
const focusLost = () => !document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected;

/**
 * Focus and announcements across client-side navigations (ADR 035), once in the layout:
 * - a new page (another path): its title is said politely and focus goes to its heading, as after a
 *   page load, except on the first load, when the address names an element (`#crud-…`) or when the
 *   navigation asked to focus something else (the keyboard shortcuts' `state.focus`);
 * - the same page with other search params (pagination, a search, a form's Post/Redirect/Get back to
 *   itself): focus stays where the reader is, and the title is said only if it changed (a new search);
 *   only if what had the focus is gone (the search box, keyed by its query) does it go to the heading;
 * - after a form's POST whose answer marks fields invalid: the first of them. (Without JavaScript the
 *   fields' `autofocus` does it, `Field` in forms.tsx.)
 * Fetchers change no address, so they never move focus here.
 */
export function RouteFocus() {
  const location = useLocation();
  const navigation = useNavigation();
  const last = useRef(location);
  const announcer = useRef<HTMLParagraphElement>(null);
  const submitting = useRef(false);
  const lastTitle = useRef("");
  useEffect(() => {
    lastTitle.current = document.title;
  }, []);

  useEffect(() => {
    const previous = last.current;
    last.current = location;
    if (previous.key === location.key) return;
    const newPage = previous.pathname !== location.pathname;
    const title = document.title;
    if ((newPage || title !== lastTitle.current) && announcer.current) {
      // Emptied, then the title: the same title twice in a row is still said.
      announcer.current.textContent = "";
      requestAnimationFrame(() => announcer.current && (announcer.current.textContent = title));
    }
    lastTitle.current = title;
    const hashTarget = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const asked = (location.state as { focus?: string } | null)?.focus;
    if (hashTarget || asked) return;
    if (newPage || focusLost()) focusHeading();
  }, [location]);

  useEffect(() => {
    if (navigation.state === "submitting") submitting.current = true;
    else if (navigation.state === "idle" && submitting.current) {
      submitting.current = false;
      focusFirstInvalid();
    }
  }, [navigation.state]);

  return <p ref={announcer} className="visually-hidden" aria-live="polite" aria-atomic="true" data-route-announcer="" />;
}
