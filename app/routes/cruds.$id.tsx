import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser, safeRedirect } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { deleteCrud } from "~/models/posting.server";
import { addInteraction, removeInteraction } from "~/models/interactions.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { crudNotLive, isCrudId } from "~/utils/crud-id";
import { formIntent } from "~/utils/intent";
import { headersWithRetryAfter } from "~/utils/retry-after";

// A block either way (ADR 018); the same words whichever way, so the blocked user is not told.
const CANNOT_LIKE = "You cannot like this crud.";
const CANNOT_REPOST = "You cannot repost this crud.";

/** Actions on one crud (intent buttons): like, unlike, repost, unrepost, delete. POST only. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getUser(request);
  const form = await request.formData();
  const backTo = safeRedirect(form.get("redirectTo"));
  // Signed out (the session ended while the page was open): sign in, then back to that page, not to
  // this POST-only address.
  if (!user) throw redirect(`/signin?${new URLSearchParams({ redirectTo: backTo })}`);
  const crudId = params.id ?? "";
  if (!isCrudId(crudId)) throw crudNotLive();
  const intent = formIntent(form, ["like", "unlike", "repost", "unrepost", "delete"]);
  const enhanced = form.get("enhanced") === "1";
  const done = () => (enhanced ? data({ ok: true }) : redirect(backTo));

  if (intent !== "delete") {
    const refused = await countRequest(["interactionsPerMinute", user.id]);
    // With JavaScript the button says so in place; without, the 429 page in the layout.
    if (refused && enhanced) return data({ ok: false, error: refused.message }, tooManyRequests(refused));
    if (refused) throw new Response(refused.message, tooManyRequests(refused));
  }

  switch (intent) {
    case "like":
    case "repost": {
      const added = await addInteraction(intent, { userId: user.id, crudId });
      if (added === "blocked") throw new Response(intent === "like" ? CANNOT_LIKE : CANNOT_REPOST, { status: 403 });
      if (!added) throw crudNotLive();
      return done();
    }
    case "unlike":
    case "unrepost": {
      const kind = intent === "unlike" ? "like" : "repost";
      if (!(await removeInteraction(kind, { userId: user.id, crudId }))) throw crudNotLive();
      return done();
    }
    case "delete": {
      const outcome = await deleteCrud({ userId: user.id, crudId });
      if (outcome === "not-found") throw crudNotLive();
      if (outcome === "forbidden") throw new Response("You can only delete your own cruds.", { status: 403 });
      // The crud's own page is gone: go back to where the visitor was, unless that was the crud itself.
      return redirect(backTo.includes(crudId) ? `/@${user.handle}` : backTo);
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
