import { useFetcher, useLocation } from "@remix-run/react";
import { EnhancedField } from "~/components/forms";

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
 */
export function RelationButton({
  relation,
  handle,
  active,
  redirectTo,
  onLabel,
}: {
  relation: Relation;
  handle: string;
  active: boolean;
  redirectTo?: string;
  /** The label of the inactive state where the page says more ("Follow back" on a follow notification). */
  onLabel?: string;
}) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const location = useLocation();
  const pendingIntent = fetcher.formData?.get("intent");
  const shown = pendingIntent ? pendingIntent === relation : active;
  const label = shown ? RELATIONS[relation].off : (onLabel ?? RELATIONS[relation].on);
  // Follow is the one primary button (Unfollow is secondary, marked `following`); block and mute always secondary.
  const className = relation !== "follow" ? "button secondary" : shown ? "button secondary following" : "button";
  return (
    <fetcher.Form method="post" action={`/@${handle}/${relation}`} className={relation}>
      <input type="hidden" name="redirectTo" value={redirectTo ?? `${location.pathname}${location.search}`} />
      <EnhancedField />
      <button type="submit" name="intent" value={shown ? `un${relation}` : relation} className={className} aria-label={`${label} @${handle}`}>
        {label}
      </button>
      {fetcher.state === "idle" && fetcher.data?.error ? (
        <span className="field-error" role="alert">
          {fetcher.data.error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
