import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { EnhancedField } from "~/components/forms";
import type { Flash, FlashUndo, Tone } from "~/routes-support/flash";

/** How long a message stays on screen once JavaScript runs (it is announced at once). */
const SHOWN_FOR_MS = 8_000;

/** The one StatusMessage on the page registers here, so `showStatus` reaches it. */
let showInRegion: ((flash: Flash) => void) | null = null;
let clientMessages = 0;

/**
 * Says `text` in the status message, as a flash would (ADR 020, ADR 035): for what happens only in
 * the browser, with JavaScript ("Link copied."). An action that changes something on the server says
 * so with its flash instead (`redirectWithFlash`, `flashHeaders`, or `done(to, message)` of a button
 * action), which also works without JavaScript; never both for one action.
 */
export function showStatus(text: string, tone: Tone = "status"): void {
  clientMessages += 1;
  showInRegion?.({ id: `client-${clientMessages}`, text, tone });
}

/** A message's Undo: a POST form (a fetcher with JavaScript) back to the page it is on. */
function UndoForm({ undo, onSubmit }: { undo: FlashUndo; onSubmit: () => void }) {
  const fetcher = useFetcher();
  const location = useLocation();
  return (
    <fetcher.Form method="post" action={undo.action} className="flash-undo" onSubmit={onSubmit}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <EnhancedField />
      <button type="submit" name="intent" value={undo.intent} className="button secondary" disabled={fetcher.state !== "idle"}>
        Undo
      </button>
    </fetcher.Form>
  );
}

/**
 * The status message of the last action ("Your crud is posted.", ADR 020), from the root loader.
 * Without JavaScript it is part of the page the redirect led to. With JavaScript this region stays
 * in the page across navigations, so a screen reader announces each new message (and only then:
 * nothing typed into a form ever changes it); it goes away on the next page or after a while, but
 * not while focus is in it, and a message with an Undo stays until the next page (ADR 035).
 */
export function StatusMessage({ flash }: { flash: Flash | null }) {
  const [shown, setShown] = useState(flash);
  const location = useLocation();
  const lastPage = useRef(location.key);
  const region = useRef<HTMLDivElement>(null);
  // The Undo was pressed: its button goes with the message, so the next message takes the focus.
  const undoing = useRef(false);
  useEffect(() => {
    showInRegion = setShown;
    return () => {
      showInRegion = null;
    };
  }, []);
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
    if (undoing.current && shown && !shown.undo) {
      undoing.current = false;
      region.current?.querySelector<HTMLElement>(".flash")?.focus();
    }
    if (!shown || shown.undo) return;
    const hide = () => {
      // Never out from under the focus: try again later.
      if (region.current?.contains(document.activeElement)) timer = setTimeout(hide, SHOWN_FOR_MS);
      else setShown(null);
    };
    let timer = setTimeout(hide, SHOWN_FOR_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    // aria-live without role="status": a page's own status ("Account confirmed") stays the one status.
    <div className="status-region" aria-live="polite" aria-atomic="true" ref={region}>
      {shown ? (
        // A div, not a p: it may hold the Undo's form.
        <div key={shown.id} className={`flash ${shown.tone}`} tabIndex={-1}>
          <span>{shown.text}</span>
          {shown.undo ? <UndoForm undo={shown.undo} onSubmit={() => (undoing.current = true)} /> : null}
        </div>
      ) : null}
    </div>
  );
}
