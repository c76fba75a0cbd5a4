// Form and HTTP glue for changing a crud from its thread page (posting is app/routes-support/compose.server.ts).
// Not a model (app/models/ is data access only) and not a route (every file in app/routes/ is one).
import { data } from "@remix-run/node";
import { redirectWithFlash } from "~/routes-support/flash.server";
import { shortenCrud } from "~/models/lifetime.server";
import { refreshTrendingTags } from "~/models/trending.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { withSpan } from "~/observability/tracing.server";
import { LIFETIME_MESSAGES, ShortenSchema, type ShortenResult } from "~/domain/shorten-lifetime";
import { parseForm } from "~/routes-support/parse-form";
import { formatTimeLeft } from "~/domain/time";
import { crudNotLive } from "~/routes-support/not-found";

type Author = { id: string; handle: string };

/**
 * Shortens the author's crud (the thread page's lifetime form): 400 for an unknown choice, 429 past
 * the limit, 409 when it would not end sooner or is a reply, 403 for someone else's crud, 404 once
 * expired. Then back to the thread, or to the profile when the crud expired at once.
 */
export async function shortenCrudAction(form: FormData, author: Author, crudId: string, threadPath: string) {
  const parsed = parseForm(ShortenSchema, form);
  const values = { ttl: parsed.values.ttl };
  const refuse = (errors: ShortenResult["errors"], init: ResponseInit) => data<ShortenResult>({ intent: "shorten", errors, values }, init);
  if (!parsed.success) return refuse(parsed.errors, { status: 400 });
  const refused = await countRequest(["lifetimeChangesPerMinute", author.id]);
  if (refused) return refuse({ form: refused.message }, tooManyRequests(refused));
  const now = new Date();
  const attributes = { "app.user_handle": author.handle, "app.crud_id": crudId, "app.ttl": parsed.data.ttl };
  const result = await withSpan("shorten-crud", attributes, () => shortenCrud({ userId: author.id, crudId, lifetime: parsed.data.ttl, now }));
  switch (result.outcome) {
    case "not-found":
      throw crudNotLive();
    case "forbidden":
      throw new Response(LIFETIME_MESSAGES.forbidden, { status: 403 });
    case "reply":
      return refuse({ form: LIFETIME_MESSAGES.reply }, { status: 409 });
    case "not-sooner":
      return refuse({ ttl: LIFETIME_MESSAGES.notSooner(formatTimeLeft(result.expiresAt, now)) }, { status: 409 });
    case "shortened":
      // This server's trending counts must not count an author whose tagged crud just ended (docs/product.md §2).
      // (Should the refresh fail, the cached counts still end within TRENDING_CACHE_MS.)
      if (result.hasTags) await refreshTrendingTags(now).catch(() => undefined);
      return parsed.data.ttl === "now" ? redirectWithFlash(`/@${author.handle}`, "expired-now") : redirectWithFlash(threadPath, "shortened");
  }
}
