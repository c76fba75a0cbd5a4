import { useId } from "react";
import { RelationButton } from "~/components/relation-button";

/** What a block does, said before it is done (docs/product.md §10, ADR 035): in the dialog and on `/@handle/block`. */
export const BLOCK_EXPLAINED =
  "Neither of you will see the other's cruds, replies or reposts, and they will not be able to follow, reply to, like, repost or message you. Your follows between you end. They are not told.";

/** The question a Block asks first, with JavaScript: a modal dialog inside the button's form (Escape or Cancel close it). */
function BlockQuestion({ handle }: { handle: string }) {
  const titleId = useId();
  return (
    <dialog
      className="dialog confirm-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      // Back to the button that opened it (now Unblock, after Block): the form's first intent button.
      onClose={(event) => event.currentTarget.closest("form")?.querySelector<HTMLElement>('button[name="intent"]')?.focus()}
    >
      <h2 id={titleId}>Block @{handle}?</h2>
      <p>{BLOCK_EXPLAINED}</p>
      <div className="confirm-actions">
        <button type="button" className="button secondary" onClick={(event) => event.currentTarget.closest("dialog")?.close()}>
          Cancel
        </button>
        <button type="submit" name="intent" value="block" className="button danger">
          Block
        </button>
      </div>
    </dialog>
  );
}

/**
 * Block/Unblock on a profile (ADR 035): Block asks first (a dialog with JavaScript, the page
 * `/@handle/block` without); Unblock is one click. Only the profile loads it, so `/` does not.
 */
export function BlockButton(props: { handle: string; active: boolean; redirectTo?: string }) {
  return <RelationButton relation="block" {...props} confirm={<BlockQuestion handle={props.handle} />} />;
}
