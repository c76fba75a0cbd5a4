import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { Flash } from "~/routes-support/flash";

/** The event by which client code puts a message in the status region (showStatus). */
const STATUS_EVENT = "cruddur:status";

/**
 * Shows `text` in the layout's status region, as a flash would after a redirect: for what JavaScript
 * did in place ("Link copied.", "Your crud is deleted."). The one feedback channel stays one (ADR 020).
 */
export function showStatus(text: string, tone: Flash["tone"] = "status") {
  window.dispatchEvent(new CustomEvent<Flash>(STATUS_EVENT, { detail: { id: `${Date.now()}-${Math.random()}`, text, tone } }));
}

/** How long a message stays on screen once JavaScript runs (it is announced at once). */
const SHOWN_FOR_MS = 8_000;

/**
 * The status message of the last action ("Your crud is posted.", ADR 020), from the root loader.
 * Without JavaScript it is part of the page the redirect led to. With JavaScript this region stays
 * in the page across navigations, so a screen reader announces each new message (and only then:
 * nothing typed into a form ever changes it); it goes away on the next page or after a while.
 */
export function StatusMessage({ flash }: { flash: Flash | null }) {
  const [shown, setShown] = useState(flash);
  const location = useLocation();
  const lastPage = useRef(location.key);
  // A new page takes the old message away: declared before the effect below, which puts back the
  // message that page came with (both run after the render that brings a redirect's page).
  useEffect(() => {
    if (lastPage.current === location.key) return;
    lastPage.current = location.key;
    setShown(null);
  }, [location.key]);
  useEffect(() => {
    if (flash) setShown(flash);
  }, [flash]);
  useEffect(() => {
    const show = (event: Event) => setShown((event as CustomEvent<Flash>).detail);
    window.addEventListener(STATUS_EVENT, show);
    return () => window.removeEventListener(STATUS_EVENT, show);
  }, []);
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(null), SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    // aria-live without role="status": a page's own status ("Account confirmed") stays the one status.
    <div className="status-region" aria-live="polite" aria-atomic="true">
      {shown ? (
        <p key={shown.id} className={`flash ${shown.tone}`}>
          {shown.text}
        </p>
      ) : null}
    </div>
  );
}
