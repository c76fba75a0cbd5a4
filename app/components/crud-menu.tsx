import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { EnhancedField } from "~/components/forms";
import { ActionIcon } from "~/components/icons";
import { showStatus } from "~/components/status-message";
import { FLASH_MESSAGES } from "~/routes-support/flash";

/** What /cruds/:id answers a fetcher's delete. */
type DeleteResult = { ok: boolean; deleted?: boolean; gone?: boolean; error?: string };

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
 * someone else's. A <details> with links and forms, so it works without JavaScript; with it, a
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
              <Form method="post" action={`/@${handle}/block`}>
                <input type="hidden" name="redirectTo" value={here} />
                <button type="submit" name="intent" value="block">
                  Block @{handle}
                </button>
              </Form>
            </>
          )}
        </div>
      </details>
      {/* Outside the <details>: a closed one does not render what it holds. */}
      {confirming ? (
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
      ) : null}
    </>
  );
}

/**
 * "Delete this crud?" as a modal dialog (Escape or Cancel keep it), then a fetcher's POST: the card
 * goes, the status message says so, the caller moves the focus on.
 */
function DeleteDialog({
  crudId,
  here,
  onCancel,
  onDeleted,
  onGone,
}: {
  crudId: string;
  here: string;
  onCancel: () => void;
  onDeleted: () => void;
  onGone: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<DeleteResult>();
  const titleId = `delete-title-${crudId}`;
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  // Read as soon as the action answers: the page's data reloads after it, and may take the card (and this) away.
  const result = fetcher.state === "submitting" ? undefined : fetcher.data;
  useEffect(() => {
    if (!result) return;
    if (result.deleted) {
      dialog.current?.close();
      showStatus(FLASH_MESSAGES.deleted.text);
      onDeleted();
    } else if (result.gone) {
      dialog.current?.close();
      showStatus(FLASH_MESSAGES["crud-gone"].text, "error");
      onGone();
    }
  }, [result, onDeleted, onGone]);
  const sending = fetcher.state !== "idle";
  return (
    <dialog ref={dialog} className="panel confirm-dialog" aria-labelledby={titleId} onClose={() => !result?.deleted && onCancel()}>
      <h2 id={titleId}>Delete this crud?</h2>
      <p>It disappears at once, with its replies, likes and reposts. This cannot be undone.</p>
      <fetcher.Form method="post" action={`/cruds/${crudId}`} className="actions">
        <EnhancedField />
        <input type="hidden" name="redirectTo" value={here} />
        {result?.error && !result.gone ? (
          <p className="field-error" role="alert">
            {result.error}
          </p>
        ) : null}
        <button type="submit" name="intent" value="delete" className="danger" disabled={sending}>
          {sending ? "Deleting…" : "Delete"}
        </button>
        <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
      </fetcher.Form>
    </dialog>
  );
}
