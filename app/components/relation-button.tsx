import { useFetcher, useLocation } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { EnhancedField } from "~/components/forms";
import { useHydrated } from "~/hooks/use-hydrated";

/** The three relations a viewer can toggle on a user (ADR 016, ADR 018), with their two labels. */
const RELATIONS = {
  follow: { on: "Follow", off: "Unfollow" },
  block: { on: "Block", off: "Unblock" },
  mute: { on: "Mute", off: "Unmute" },
} as const;

export type Relation = keyof typeof RELATIONS;

/**
 * Follow/Unfollow, Block/Unblock, Mute/Unmute: a POST form to `/@handle/<relation>` that works
 * without JS (redirected back to `redirectTo`, or this page), and with JS is a fetcher that shows
 * the new state at once (optimistic), as the like button does; a refusal shows beside it.
 * With `confirm` (a `<dialog>` that asks first, as `BlockButton`'s, ADR 035) the inactive button asks
 * before it acts: without JS it is a link to the question's page (`/@handle/<relation>`), with JS it
 * opens the dialog, which sits in this form (its own submit sends the relation). Undoing is one click.
 */
export function RelationButton({
  relation,
  handle,
  active,
  redirectTo,
  onLabel,
  confirm,
}: {
  relation: Relation;
  handle: string;
  active: boolean;
  redirectTo?: string;
  /** The label of the inactive state where the page says more ("Follow back" on a follow notification). */
  onLabel?: string;
  confirm?: ReactNode;
}) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const location = useLocation();
  const hydrated = useHydrated();
  const form = useRef<HTMLFormElement>(null);
  const dialog = () => form.current?.querySelector("dialog");
  const pendingIntent = fetcher.formData?.get("intent");
  const shown = pendingIntent ? pendingIntent === relation : active;
  const label = shown ? RELATIONS[relation].off : (onLabel ?? RELATIONS[relation].on);
  const backTo = redirectTo ?? `${location.pathname}${location.search}`;
  // Follow is the one primary button (Unfollow is secondary, marked `following`); block and mute always secondary.
  const className = relation !== "follow" ? "button secondary" : shown ? "button secondary following" : "button";
  const confirms = !!confirm && !shown;
  if (confirms && !hydrated) {
    return (
      <a
        href={`/@${handle}/${relation}?${new URLSearchParams({ redirectTo: backTo })}`}
        className={`${className} ${relation}`}
        aria-label={`${label} @${handle}`}
      >
        {label}
      </a>
    );
  }
  return (
    <fetcher.Form ref={form} method="post" action={`/@${handle}/${relation}`} className={relation} onSubmit={() => dialog()?.close()}>
      <input type="hidden" name="redirectTo" value={backTo} />
      <EnhancedField />
      {/* One button element in both states, so focus stays on it when Block becomes Unblock. */}
      <button
        type={confirms ? "button" : "submit"}
        name="intent"
        value={shown ? `un${relation}` : relation}
        className={className}
        aria-label={`${label} @${handle}`}
        aria-haspopup={confirms ? "dialog" : undefined}
        onClick={confirms ? () => dialog()?.showModal() : undefined}
      >
        {label}
      </button>
      {confirm}
      {fetcher.state === "idle" && fetcher.data?.error ? (
        <span className="field-error" role="alert">
          {fetcher.data.error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
