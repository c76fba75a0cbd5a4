import { useFetcher, useLocation } from "@remix-run/react";
import { EnhancedField } from "~/components/forms";

const LABELS = {
  block: { on: "Block", off: "Unblock" },
  mute: { on: "Mute", off: "Unmute" },
} as const;

/**
 * Block/Unblock or Mute/Unmute: a POST form to `/@handle/block` or `/@handle/mute` that works
 * without JS (redirected back to `redirectTo`, or this page), and with JS is a fetcher, as FollowButton.
 */
export function SafetyButton({ kind, handle, active, redirectTo }: { kind: "block" | "mute"; handle: string; active: boolean; redirectTo?: string }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const location = useLocation();
  const pendingIntent = fetcher.formData?.get("intent");
  const shown = pendingIntent ? pendingIntent === kind : active;
  const label = shown ? LABELS[kind].off : LABELS[kind].on;
  return (
    <fetcher.Form method="post" action={`/@${handle}/${kind}`} className={kind}>
      <input type="hidden" name="redirectTo" value={redirectTo ?? `${location.pathname}${location.search}`} />
      <EnhancedField />
      <button type="submit" name="intent" value={shown ? `un${kind}` : kind} className="button secondary" aria-label={`${label} @${handle}`}>
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
