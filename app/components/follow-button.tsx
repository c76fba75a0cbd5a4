import { useFetcher, useLocation } from "@remix-run/react";
import { EnhancedField } from "~/components/forms";

/**
 * Follow/Unfollow: a POST form to `/@handle/follow` that works without JS (redirected back here),
 * and with JS is a fetcher that shows the new state at once (optimistic), as the like button does.
 */
export function FollowButton({ user, following }: { user: { handle: string; displayName: string }; following: boolean }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const location = useLocation();
  const pendingIntent = fetcher.formData?.get("intent");
  const shown = pendingIntent ? pendingIntent === "follow" : following;
  return (
    <fetcher.Form method="post" action={`/@${user.handle}/follow`} className="follow">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <EnhancedField />
      <button
        type="submit"
        name="intent"
        value={shown ? "unfollow" : "follow"}
        className={shown ? "button secondary following" : "button"}
        aria-label={`${shown ? "Unfollow" : "Follow"} @${user.handle}`}
      >
        {shown ? "Unfollow" : "Follow"}
      </button>
      {fetcher.state === "idle" && fetcher.data?.error ? (
        <span className="field-error" role="alert">
          {fetcher.data.error}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
