import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

/**
 * A <details> that behaves as a menu once JavaScript runs (the account menu, a crud's More): Escape
 * closes it and gives the focus back to its <summary>; a click or a focus outside closes it; the arrow
 * keys, Home and End go from item to item (its links and buttons); a new page closes it — not the
 * hydration: a menu opened before the script ran stays open under the reader's finger. Without
 * JavaScript it is a plain disclosure. Spread `menu` on the <details>.
 */
export function useDisclosureMenu() {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const shownAt = useRef(location.key);
  useEffect(() => {
    if (shownAt.current === location.key) return;
    shownAt.current = location.key;
    if (ref.current) ref.current.open = false;
  }, [location.key]);
  // Listening only while open: a feed has a menu per card.
  useEffect(() => {
    if (!open) return;
    const away = (event: Event) => {
      if (ref.current && event.target instanceof Node && !ref.current.contains(event.target)) ref.current.open = false;
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("focusin", away);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("focusin", away);
    };
  }, [open]);
  function onKeyDown(event: KeyboardEvent<HTMLDetailsElement>) {
    const details = ref.current;
    if (!details?.open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    const items = [...details.querySelectorAll<HTMLElement>(".menu a, .menu button")];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: (at < 0 ? 0 : at) - 1 + items.length, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined || items.length === 0) return;
    event.preventDefault();
    items[next % items.length]?.focus();
  }
  /** Closes it, the focus back on its <summary>. */
  function close() {
    if (!ref.current) return;
    ref.current.open = false;
    ref.current.querySelector("summary")?.focus();
  }
  return { menu: { ref, onKeyDown, onToggle: () => setOpen(!!ref.current?.open) }, close };
}
