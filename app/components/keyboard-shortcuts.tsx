import { useLocation, useNavigate, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type ComponentType } from "react";

import type { FocusState } from "~/components/keyboard-shortcut-actions";

const COMPOSER = 'form.crud-form[aria-label="Post a crud"] textarea';
const REPLY_BOX = 'form.crud-form[aria-label="Reply"] textarea';

const isVisible = (element: Element) => element.getClientRects().length > 0;

function searchBox(): HTMLInputElement | null {
  // The page's own search field first (the search page), then the sidebar's.
  const boxes = [...document.querySelectorAll<HTMLInputElement>('main input[type="search"], input[type="search"]')];
  return boxes.find(isVisible) ?? null;
}

type Actions = typeof import("~/components/keyboard-shortcut-actions");

/** Keys that may be shortcuts: only these load the actions (keyboard-shortcut-actions.tsx). */
const SHORTCUT_KEYS = new Set(["?", "n", "/", "j", "k", "o", "l", "b", "r"]);

/** Fields where a key types a character, so no shortcut may take it. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || !!target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));

function moveFocus(event: KeyboardEvent, run: () => void) {
  event.preventDefault();
  run();
}

/**
 * Keyboard shortcuts (with JavaScript): n compose, / search, j/k move between cruds (focus), o open,
 * l like, r reply, b repost, Ctrl/Cmd+Enter posts the crud form being written, ? opens the list.
 * Never while typing in a field (except Ctrl/Cmd+Enter in a crud form), never with Ctrl, Cmd or Alt
 * (the browser's own shortcuts), and only for what the page shows: each acts through the page's own
 * links, buttons and fields, so it does exactly what a click would. This listener is all a page
 * loads; the actions and the help dialog come with the first shortcut pressed.
 */
export function KeyboardShortcuts() {
  const navigate = useNavigate();
  const location = useLocation();
  const signedIn = !!(useRouteLoaderData("root") as { user: unknown } | undefined)?.user;
  const [help, setHelp] = useState<{ Dialog: ComponentType<{ openedAt: number }>; openedAt: number } | null>(null);
  const actions = useRef<Actions | null>(null);

  // After a shortcut that went to another page: the field it was for.
  useEffect(() => {
    const focus = (location.state as FocusState | null)?.focus;
    if (!focus) return;
    const field = focus === "search" ? searchBox() : document.querySelector<HTMLElement>(focus === "composer" ? COMPOSER : REPLY_BOX);
    field?.focus();
  }, [location]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        const form = event.target instanceof HTMLTextAreaElement ? event.target.closest<HTMLFormElement>("form.crud-form") : null;
        if (form) {
          event.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      // A modal dialog (the help included) keeps the keyboard to itself.
      if (document.querySelector("dialog[open]")) return;
      const onCard = event.key === "Enter" && document.activeElement?.matches("main article.crud");
      if (!SHORTCUT_KEYS.has(event.key) && !onCard) return;
      const key = event.key;
      // n and / move the focus to a field that the next keys type into: done at once, never after a load.
      if (key === "n") {
        const composer = document.querySelector<HTMLElement>(COMPOSER);
        if (composer) return moveFocus(event, () => composer.focus());
        if (signedIn) moveFocus(event, () => navigate("/", { state: { focus: "composer" } satisfies FocusState }));
        return;
      }
      if (key === "/") {
        const box = searchBox();
        return moveFocus(event, () => (box ? box.focus() : navigate("/search", { state: { focus: "search" } satisfies FocusState })));
      }
      const context = {
        navigate,
        signedIn,
        replyBox: () => document.querySelector<HTMLElement>(REPLY_BOX),
        showHelp: () =>
          void import("~/components/keyboard-shortcut-actions").then(({ ShortcutsHelp }) => setHelp({ Dialog: ShortcutsHelp, openedAt: Date.now() })),
      };
      if (actions.current) return actions.current.runShortcut(key, () => event.preventDefault(), context);
      // The first of the others acts once its code is here (none of them is followed by typing).
      void import("~/components/keyboard-shortcut-actions").then((loaded) => {
        actions.current = loaded;
        loaded.runShortcut(key, () => undefined, context);
      });
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navigate, signedIn]);

  return help ? <help.Dialog openedAt={help.openedAt} /> : null;
}
