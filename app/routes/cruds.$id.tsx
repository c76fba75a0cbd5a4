import { data, type ActionFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { deleteCrud } from "~/models/posting.server";
import { addInteraction, removeInteraction } from "~/models/interactions.server";
import { FLASH_MESSAGES, type FlashMessage } from "~/routes-support/flash";
import { redirectWithFlash } from "~/routes-support/flash.server";
import { buttonAction } from "~/routes-support/button-action.server";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { crudIdOrNotLive } from "~/routes-support/not-found";

// A block either way (ADR 018); the same words whichever way, so the blocked user is not told.
const CANNOT_LIKE = "You cannot like this crud.";
const CANNOT_REPOST = "You cannot repost this crud.";
const CANNOT_DELETE = "You can only delete your own cruds.";

/** The page to go back to, at the card acted on: `#crud-<id>` unless the form named a card (a repost's). */
function backToCard(backTo: string, crudId: string): string {
  return backTo.includes("#") ? backTo : `${backTo}#crud-${crudId}`;
}

/** The page to go back to once the crud is gone: not its own page (a 404 now), then `elsewhere`. */
function pageWithout(backTo: string, crudId: string, elsewhere: string): string {
  const page = backTo.split("#")[0]!;
  return page.includes(crudId) ? elsewhere : page;
}

/**
 * Actions on one crud (intent buttons): like, unlike, repost, unrepost, delete. POST only.
 * A delete sent by a fetcher (a card's More menu) answers `{ ok, deleted, message }`: the card goes in place.
 * A crud that expired or was deleted meanwhile: with JavaScript the card says so in place (404
 * data); without, back to the page with that message (a flash, ADR 020), never a dead end here.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const {
    user,
    backTo,
    target: crudId,
    intent,
    enhanced,
    refuse,
    limit,
    done: answer,
  } = await buttonAction(request, {
    intents: ["like", "unlike", "repost", "unrepost", "delete"],
    // Not even a crud's address (no card links here): the 404 page.
    target: () => crudIdOrNotLive(params.id),
  });
  const done = (message?: FlashMessage) => answer(backToCard(backTo, crudId), message);
  const gone = async () =>
    enhanced
      ? data({ ok: false, gone: true, error: FLASH_MESSAGES["crud-gone"].text }, { status: 404 })
      : redirectWithFlash(pageWithout(backTo, crudId, "/"), "crud-gone");
  // With JavaScript the button says so in place; without, the page in the layout (and its way back).
  // Refused for a block: without JavaScript a page headed by what was not done, and the way back to the card.
  const refuseBlocked = (title: string, message: string) => refuse(message, { status: 403 }, { title, backTo: backToCard(backTo, crudId) });

  if (intent !== "delete") {
    const refused = await limit(["interactionsPerMinute", user.id]);
    if (refused) return refused;
  }

  switch (intent) {
    case "like":
    case "repost": {
      const added = await addInteraction(intent, { userId: user.id, crudId });
      if (added === "blocked") return intent === "like" ? refuseBlocked("Not liked", CANNOT_LIKE) : refuseBlocked("Not reposted", CANNOT_REPOST);
      if (!added) return gone();
      return done({ key: intent === "like" ? "liked" : "reposted", handle: added.author });
    }
    case "unlike":
    case "unrepost": {
      const kind = intent === "unlike" ? "like" : "repost";
      const removed = await removeInteraction(kind, { userId: user.id, crudId });
      if (!removed) return gone();
      return done({ key: intent === "unlike" ? "unliked" : "unreposted", handle: removed.author });
    }
    case "delete": {
      const outcome = await deleteCrud({ userId: user.id, crudId });
      // The crud's own page is gone: go back to where the visitor was, unless that was the crud itself.
      const away = pageWithout(backTo, crudId, `/@${user.handle}`);
      if (outcome === "not-found") return enhanced ? gone() : redirectWithFlash(away, "crud-gone");
      if (outcome === "forbidden") return refuse(CANNOT_DELETE, { status: 403 });
      // With JavaScript the card goes from the page it is on, which says so (its status message).
      if (enhanced) return data({ ok: true, deleted: true, message: FLASH_MESSAGES.deleted.text });
      return redirectWithFlash(away, "deleted");
    }
  }
}

/** GET changes nothing. */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/**
 * Nothing renders here but the error boundary: every outcome is a redirect, fetcher data or a thrown
 * response, which a page route shows in the layout (a 429, a 404) where a resource route would send bare text.
 */
export default function CrudAction() {
  return null;
}

export const headers = headersWithRetryAfter;
export const ErrorBoundary = GeneralErrorBoundary;
