// The keyboard shortcuts' actions and their help dialog: loaded on the first shortcut pressed, so a
// page that is only read or tapped (a phone) never downloads them (ADR 026's budget).
import type { NavigateFunction } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** Where to put focus after a shortcut navigated (in the history entry's state). */
export type FocusState = { focus?: "composer" | "reply" | "search" };

const isVisible = (element: Element) => element.getClientRects().length > 0;

/** The shortcuts, as Mastodon has them; the help dialog lists this table. */
const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ["n"], what: "Write a new crud" },
  { keys: ["/"], what: "Search" },
  { keys: ["j"], what: "Next crud" },
  { keys: ["k"], what: "Previous crud" },
  { keys: ["o"], what: "Open the crud" },
  { keys: ["l"], what: "Like or unlike the crud" },
  { keys: ["r"], what: "Reply to the crud" },
  { keys: ["b"], what: "Repost or undo the repost" },
  { keys: ["Ctrl", "Enter"], what: "Post what you wrote (⌘ Enter on a Mac)" },
  { keys: ["?"], what: "Show these shortcuts" },
];

function focusCard(card: HTMLElement) {
  // Cards are articles, focusable by script only: Tab still goes through their links and buttons.
  if (!card.hasAttribute("tabindex")) card.tabIndex = -1;
  card.focus();
}

/** What the always-loaded listener knows: its navigation, the viewer, the help dialog and the reply box (whose selector it owns). */
export type ShortcutContext = { navigate: NavigateFunction; signedIn: boolean; showHelp: () => void; replyBox: () => HTMLElement | null };

/** Does what `key` means on this page, through the page's own links, buttons and fields (n and / are keyboard-shortcuts.tsx's). */
export function runShortcut(key: string, preventDefault: () => void, { navigate, signedIn, showHelp, replyBox: findReplyBox }: ShortcutContext) {
  const cards = [...document.querySelectorAll<HTMLElement>("main article.crud")].filter(isVisible);
  const current = cards.find((card) => card.contains(document.activeElement)) ?? null;
  const act = (run: () => void) => {
    preventDefault();
    run();
  };
  switch (key) {
    case "?":
      return act(showHelp);
    case "j":
    case "k": {
      if (cards.length === 0) return;
      const at = current ? cards.indexOf(current) : -1;
      const next = at === -1 ? 0 : Math.min(cards.length - 1, Math.max(0, at + (key === "j" ? 1 : -1)));
      return act(() => focusCard(cards[next]!));
    }
    case "o":
    case "Enter": {
      // Enter only on the card itself: on its links and buttons it does what they do.
      if (!current || (key === "Enter" && document.activeElement !== current)) return;
      const thread = current.querySelector<HTMLAnchorElement>("a.age");
      if (thread) act(() => thread.click());
      return;
    }
    case "l":
    case "b": {
      const values = key === "l" ? ["like", "unlike"] : ["repost", "unrepost"];
      const button = current?.querySelector<HTMLButtonElement>(values.map((value) => `form.toggle button[name="intent"][value="${value}"]`).join(", "));
      if (button) act(() => button.click());
      return;
    }
    case "r": {
      if (!current || !signedIn) return;
      const replyLink = current.querySelector<HTMLAnchorElement>("a.age");
      const replyBox = findReplyBox();
      // The crud of this thread page: its reply form is right here.
      if (replyBox && current.closest(".thread-root")) return act(() => replyBox.focus());
      if (replyLink) act(() => navigate(new URL(replyLink.href).pathname, { state: { focus: "reply" } satisfies FocusState }));
      return;
    }
  }
}

/** The list of shortcuts, a modal dialog opened as it mounts (and again on each `openedAt`). */
export function ShortcutsHelp({ openedAt }: { openedAt: number }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, [openedAt]);
  return (
    <dialog ref={dialog} className="dialog shortcuts-dialog" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(({ keys, what }) => (
            <tr key={what}>
              <td>
                {keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 ? " + " : null}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Shortcuts do nothing while you type in a field, except Ctrl + Enter in a crud or reply form.</p>
      <form method="dialog">
        <button type="submit" className="secondary">
          Close
        </button>
      </form>
    </dialog>
  );
}
