import { useSubmit } from "@remix-run/react";
import { lazy, Suspense, useState, type MouseEvent } from "react";
import { submitThrough } from "~/components/forms";
import { ActionIcon } from "~/components/icons";
import { useDisclosureMenu } from "~/hooks/use-disclosure-menu";

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
 * someone else's (Block by its confirmation page). A <details> with links and forms, so it works
 * without JavaScript; with it, a menu (useDisclosureMenu), and Delete asks in a dialog and deletes in place.
 */
export function CrudMenu({ crud, thread, here, own, inList, onDeleted, onGone }: MenuProps) {
  const { menu, close } = useDisclosureMenu();
  const details = menu.ref;
  const [confirming, setConfirming] = useState(false);
  const submit = useSubmit();
  const handle = crud.user.handle;

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
      <details className="crud-menu" {...menu}>
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
              {/* Its route is looked up when first used, not on every page load for every card (no data-discover). */}
              <form method="post" action={`/@${handle}/mute`} onSubmit={submitThrough(submit)}>
                <input type="hidden" name="redirectTo" value={here} />
                <button type="submit" name="intent" value="mute">
                  {`Mute @${handle}`}
                </button>
              </form>
              {/* Block asks first (ADR 035): its confirmation page, which comes back here. */}
              <a href={`/@${handle}/block?${new URLSearchParams({ redirectTo: here })}`}>{`Block @${handle}`}</a>
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
              close();
            }}
            onDeleted={onDeleted}
            onGone={onGone}
          />
        </Suspense>
      ) : null}
    </>
  );
}
