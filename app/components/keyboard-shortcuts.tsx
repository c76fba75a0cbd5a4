import { useLocation, useNavigate, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";

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

/** Where to put focus after a shortcut navigated (in the history entry's state). */
type FocusState = { focus?: "composer" | "reply" | "search" };

const COMPOSER = 'form.crud-form[aria-label="Post a crud"] textarea';
const REPLY_BOX = 'form.crud-form[aria-label="Reply"] textarea';

const isVisible = (element: Element) => element.getClientRects().length > 0;

/** Fields where a key types a character, so no shortcut may take it. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || !!target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));

function searchBox(): HTMLInputElement | null {
  // The page's own search field first (the search page), then the sidebar's.
  const boxes = [...document.querySelectorAll<HTMLInputElement>('main input[type="search"], input[type="search"]')];
  return boxes.find(isVisible) ?? null;
}

function focusCard(card: HTMLElement) {
  // Cards are articles, focusable by script only: Tab still goes through their links and buttons.
  if (!card.hasAttribute("tabindex")) card.tabIndex = -1;
  card.focus();
}

/**
 * Keyboard shortcuts (with JavaScript): n compose, / search, j/k move between cruds (focus), o open,
 * l like, r reply, b repost, Ctrl/Cmd+Enter posts the crud form being written, ? opens the list.
 * Never while typing in a field (except Ctrl/Cmd+Enter in a crud form), never with Ctrl, Cmd or Alt
 * (the browser's own shortcuts), and only for what the page shows: each acts through the page's own
 * links, buttons and fields, so it does exactly what a click would.
 */
export function KeyboardShortcuts() {
  const navigate = useNavigate();
  const location = useLocation();
  const signedIn = !!(useRouteLoaderData("root") as { user: unknown } | undefined)?.user;
  const dialog = useRef<HTMLDialogElement>(null);

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
      const typing = isTyping(event.target);
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        const form = event.target instanceof HTMLTextAreaElement ? event.target.closest<HTMLFormElement>("form.crud-form") : null;
        if (form) {
          event.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      // A modal dialog (this one included) keeps the keyboard to itself.
      if (document.querySelector("dialog[open]")) return;
      const cards = [...document.querySelectorAll<HTMLElement>("main article.crud")].filter(isVisible);
      const current = cards.find((card) => card.contains(document.activeElement)) ?? null;
      const act = (run: () => void) => {
        event.preventDefault();
        run();
      };
      switch (event.key) {
        case "?":
          return act(() => dialog.current?.showModal());
        case "n": {
          const composer = document.querySelector<HTMLElement>(COMPOSER);
          if (composer) return act(() => composer.focus());
          if (signedIn) return act(() => navigate("/", { state: { focus: "composer" } satisfies FocusState }));
          return;
        }
        case "/": {
          const box = searchBox();
          return act(() => (box ? box.focus() : navigate("/search", { state: { focus: "search" } satisfies FocusState })));
        }
        case "j":
        case "k": {
          if (cards.length === 0) return;
          const at = current ? cards.indexOf(current) : -1;
          const next = at === -1 ? 0 : Math.min(cards.length - 1, Math.max(0, at + (event.key === "j" ? 1 : -1)));
          return act(() => focusCard(cards[next]!));
        }
        case "o":
        case "Enter": {
          // Enter only on the card itself: on its links and buttons it does what they do.
          if (!current || (event.key === "Enter" && document.activeElement !== current)) return;
          const thread = current.querySelector<HTMLAnchorElement>("a.age");
          if (thread) act(() => thread.click());
          return;
        }
        case "l":
        case "b": {
          const values = event.key === "l" ? ["like", "unlike"] : ["repost", "unrepost"];
          const button = current?.querySelector<HTMLButtonElement>(values.map((value) => `form.toggle button[name="intent"][value="${value}"]`).join(", "));
          if (button) act(() => button.click());
          return;
        }
        case "r": {
          if (!current || !signedIn) return;
          const replyLink = current.querySelector<HTMLAnchorElement>("a.age");
          const replyBox = document.querySelector<HTMLElement>(REPLY_BOX);
          // The crud of this thread page: its reply form is right here.
          if (replyBox && current.closest(".thread-root")) return act(() => replyBox.focus());
          if (replyLink) act(() => navigate(new URL(replyLink.href).pathname, { state: { focus: "reply" } satisfies FocusState }));
          return;
        }
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navigate, signedIn]);

  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title">
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
