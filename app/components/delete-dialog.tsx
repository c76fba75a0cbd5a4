import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { EnhancedField } from "~/components/forms";
import { showStatus } from "~/components/status-message";

/** What /cruds/:id answers a fetcher's delete. */
type DeleteResult = { ok: boolean; deleted?: boolean; message?: string; gone?: boolean; error?: string };

/**
 * "Delete this crud?" as a modal dialog (Escape or Cancel keep it), then a fetcher's POST: the card
 * goes, the status message says what the action answered (the flash's sentence), the caller moves the focus on.
 */
export default function DeleteDialog({
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
      if (result.message) showStatus(result.message);
      onDeleted();
    } else if (result.gone) {
      dialog.current?.close();
      if (result.error) showStatus(result.error, "error");
      onGone();
    }
  }, [result, onDeleted, onGone]);
  const sending = fetcher.state !== "idle";
  return (
    <dialog ref={dialog} className="dialog confirm-dialog" aria-labelledby={titleId} onClose={() => !result?.deleted && onCancel()}>
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
