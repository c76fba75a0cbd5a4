import { useFetcher, useLocation } from "@remix-run/react";
import { useId, useRef } from "react";
import { EnhancedField } from "~/components/forms";
import { useHydrated } from "~/hooks/use-hydrated";

/** The three relations a viewer can toggle on a user (ADR 016, ADR 018), with their two labels. */
const RELATIONS = {
  follow: { on: "Follow", off: "Unfollow" },
  block: { on: "Block", off: "Unblock" },
  mute: { on: "Mute", off: "Unmute" },
} as const;

export type Relation = keyof typeof RELATIONS;

/** What a block does, said before it is done (docs/product.md §10, ADR 035): in the dialog and on `/@handle/block`. */
export const BLOCK_EXPLAINED =
  "Neither of you will see the other's cruds, replies or reposts, and they will not be able to follow, reply to, like, repost or message you. Your follows between you end. They are not told.";

/**
 * Follow/Unfollow, Block/Unblock, Mute/Unmute: a POST form to `/@handle/<relation>` that works
 * without JS (redirected back to `redirectTo`, or this page), and with JS is a fetcher that shows
 * the new state at once (optimistic), as the like button does; a refusal shows beside it.
 * Block asks first (ADR 035): without JS its button is a link to the confirmation page
 * (`/@handle/block`), with JS it opens a dialog in the same form; Unblock is one click.
 */
export function RelationButton({ relation, handle, active, redirectTo }: { relation: Relation; handle: string; active: boolean; redirectTo?: string }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const location = useLocation();
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const pendingIntent = fetcher.formData?.get("intent");
  const shown = pendingIntent ? pendingIntent === relation : active;
  const label = shown ? RELATIONS[relation].off : RELATIONS[relation].on;
  const backTo = redirectTo ?? `${location.pathname}${location.search}`;
  // Follow is the one primary button (Unfollow is secondary, marked `following`); block and mute always secondary.
  const className = relation !== "follow" ? "button secondary" : shown ? "button secondary following" : "button";
  const confirms = relation === "block" && !shown;
  if (confirms && !hydrated) {
    return (
      <a href={`/@${handle}/block?${new URLSearchParams({ redirectTo: backTo })}`} className={`${className} block`} aria-label={`${label} @${handle}`}>
        {label}
      </a>
    );
  }
  return (
    <fetcher.Form method="post" action={`/@${handle}/${relation}`} className={relation} onSubmit={() => dialog.current?.close()}>
      <input type="hidden" name="redirectTo" value={backTo} />
      <EnhancedField />
      {/* One button element in both states, so focus stays on it when Block becomes Unblock. */}
      <button
        ref={trigger}
        type={confirms ? "button" : "submit"}
        name="intent"
        value={shown ? `un${relation}` : relation}
        className={className}
        aria-label={`${label} @${handle}`}
        aria-haspopup={confirms ? "dialog" : undefined}
        onClick={confirms ? () => dialog.current?.showModal() : undefined}
      >
        {label}
      </button>
      {relation === "block" ? (
        <dialog ref={dialog} className="confirm-dialog" role="alertdialog" aria-labelledby={titleId} onClose={() => trigger.current?.focus()}>
          <h2 id={titleId}>Block @{handle}?</h2>
          <p>{BLOCK_EXPLAINED}</p>
          <div className="confirm-actions">
            <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" name="intent" value="block" className="button danger">
              Block
            </button>
          </div>
        </dialog>
      ) : null}
      {fetcher.state === "idle" && fetcher.data?.error ? (
        <span className="field-error" role="alert">
          {fetcher.data.error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
