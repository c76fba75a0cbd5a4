import type { ActionFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { follow, unfollow } from "~/models/follow.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";
import { buttonAction } from "~/routes-support/button-action.server";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { notifyFollowed, withdrawFollowNotification } from "~/models/notification.server";
import { handleOrNoSuchUser, noSuchUser } from "~/routes-support/not-found";

const CANNOT_FOLLOW_YOURSELF = "You cannot follow yourself.";

/** Follow or unfollow the user of the address (intent buttons on profiles, lists, search, suggestions). POST only. */
export async function action({ request, params }: ActionFunctionArgs) {
  const {
    user,
    target: handle,
    intent,
    refuse,
    limit,
    done,
  } = await buttonAction(request, {
    intents: ["follow", "unfollow"],
    target: () => handleOrNoSuchUser(params.handle),
  });
  if (handle === user.handle) throw new Response(CANNOT_FOLLOW_YOURSELF, { status: 400 });

  // With JavaScript the button says so in place; without, the 429 page in the layout.
  const refused = await limit(["followsPerMinute", user.id]);
  if (refused) return refused;

  if (intent === "follow") {
    const followed = await follow({ followerId: user.id, handle });
    if (!followed) throw noSuchUser(params.handle);
    // A block either way (ADR 018): refused, the same words whichever way, so the blocked user is not told.
    if (followed.blocked) return refuse(`You cannot follow @${handle}.`, { status: 403 }, { title: "Not followed" });
    // Only a new follow notifies (and at most one unread notification per pair, ADR 017).
    if (followed.added) await notifyFollowed({ followerId: user.id, followeeId: followed.followeeId });
  } else {
    const unfollowed = await unfollow({ followerId: user.id, handle });
    if (!unfollowed) throw noSuchUser(params.handle);
    await withdrawFollowNotification({ followerId: user.id, followeeId: unfollowed.followeeId });
  }
  // Suggested users leaves out the people you follow (and brings back those you stop following).
  forgetSuggestionsFor(user.id);
  return done(undefined, { key: intent === "follow" ? "followed" : "unfollowed", handle });
}

/** GET changes nothing. */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/** Only the error boundary renders: a refusal without JavaScript is a page in the layout (as `/cruds/:id`), with the way back. */
export default function FollowAction() {
  return null;
}

export const headers = headersWithRetryAfter;
export const ErrorBoundary = GeneralErrorBoundary;
