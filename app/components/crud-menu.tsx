import { Form } from "@remix-run/react";
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { ActionIcon } from "~/components/icons";

// Loaded when first asked for: Home's JavaScript budget (ADR 026) carries only the menu.
const DeleteDialog = lazy(() => import("~/components/delete-dialog"));

type MenuProps = {
  crud: { id: string; replyToId?: string | null; user: { handle: string } };
  /** The crud's own page. */
  thread: string;
  /** The page the card is on (path and query), where every item comes back to. */
  here: string;
  own: boolean;
  /** Whether the card is in a list (Delete then stays on the page); false for a thread's own crud. */
  inList: boolean;
  /** Called once the crud is deleted (JavaScript on). */
  onDeleted: () => void;
  /** Called when the crud turned out to be gone. */
  onGone: () => void;
};

/**
 * The card's "More" menu: Shorten and Delete for your own crud; Report, Mute and Block for
 * someone else's (Block by its confirmation page). A <details> with links and forms, so it works without JavaScript; with it, a
 * menu: Escape closes it and gives the focus back to its button, a click elsewhere closes it, the
 * arrow keys go from item to item, and Delete asks in a dialog and deletes in place.
 */
export function CrudMenu({ crud, thread, here, own, inList, onDeleted, onGone }: MenuProps) {
  const details = useRef<HTMLDetailsElement>(null);
  const [confirming, setConfirming] = useState(false);
  const handle = crud.user.handle;

  // While open, a click or a focus outside closes it.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const away = (event: Event) => {
      if (details.current && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    document.addEventListener("click", away);
    document.addEventListener("focusin", away);
    return () => {
      document.removeEventListener("click", away);
      document.removeEventListener("focusin", away);
    };
  }, [open]);

  const close = () => {
    if (!details.current) return;
    details.current.open = false;
    details.current.querySelector("summary")?.focus();
  };

  function onKeyDown(event: KeyboardEvent<HTMLDetailsElement>) {
    if (!details.current?.open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End") return;
    const items = [...details.current.querySelectorAll<HTMLElement>(".menu a, .menu button")];
    if (items.length === 0) return;
    event.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      event.key === "Home"
        ? 0
        : event.key === "End"
          ? items.length - 1
          : event.key === "ArrowDown"
            ? (at + 1) % items.length
            : (at - 1 + items.length) % items.length;
    items[next]?.focus();
  }

  const deletePage = `${thread}?${new URLSearchParams({ delete: "", backTo: here })}`;
  function askToDelete(event: MouseEvent<HTMLAnchorElement>) {
    // Without JavaScript (or on the crud's own page) the link leads to the confirmation on the thread page.
    if (!inList) return;
    event.preventDefault();
    if (details.current) details.current.open = false;
    setConfirming(true);
  }

  return (
    <>
      <details className="crud-menu" ref={details} onKeyDown={onKeyDown} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary className="action more">
          <ActionIcon name="more" />
          <span className="visually-hidden">More</span>
        </summary>
        <div className="menu">
          {own ? (
            <>
              {/* The lifetime form on the thread page (a reply's lifetime is its thread's). */}
              {crud.replyToId || !inList ? null : (
                <a href={`${thread}#lifetime`} aria-label="Shorten the lifetime of this crud">
                  Shorten
                </a>
              )}
              <a href={deletePage} className="danger" onClick={askToDelete}>
                Delete
              </a>
            </>
          ) : (
            <>
              <a href={`/report?${new URLSearchParams({ crud: crud.id })}`} aria-label={`Report this crud by @${handle}`}>
                Report
              </a>
              <Form method="post" action={`/@${handle}/mute`}>
                <input type="hidden" name="redirectTo" value={here} />
                <button type="submit" name="intent" value="mute">
                  Mute @{handle}
                </button>
              </Form>
              {/* Block asks first (ADR 035): its confirmation page, which comes back here. */}
              <a href={`/@${handle}/block?${new URLSearchParams({ redirectTo: here })}`}>Block @{handle}</a>
            </>
          )}
        </div>
      </details>
      {/* Outside the <details>: a closed one does not render what it holds. */}
      {confirming ? (
        <Suspense fallback={null}>
          <DeleteDialog
            crudId={crud.id}
            here={here}
            onCancel={() => {
              setConfirming(false);
              details.current?.querySelector("summary")?.focus();
            }}
            onDeleted={onDeleted}
            onGone={onGone}
          />
        </Suspense>
      ) : null}
    </>
  );
}
