// Form and HTTP glue shared by the pages that carry a crud form (home, own profile, thread): reads
// the form, applies the posting limits, calls the posting model and answers with data or a redirect.
// Not a model (app/models/ is data access only) and not a route (every file in app/routes/ is one).
import { data, redirect } from "@remix-run/node";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailable } from "~/db.server";
import { shortenCrud } from "~/models/lifetime.server";
import { createCrud, replyTo } from "~/models/posting.server";
import { recordPostedTags, refreshTrendingTags } from "~/models/trending.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { withSpan } from "~/observability/tracing.server";
import { extractHashtags } from "~/domain/crud-text";
import { expiresAtFor } from "~/domain/lifetime";
import { CrudSchema, ReplySchema, type CrudFormResult } from "~/domain/crud-validation";
import { LIFETIME_MESSAGES, ShortenSchema, type ShortenResult } from "~/domain/shorten-lifetime";
import { isEnhanced } from "~/routes-support/button-action.server";
import { flashHeaders, redirectWithFlash } from "~/routes-support/flash.server";
import { formFields, parseForm } from "~/routes-support/parse-form";
import { formatTimeLeft } from "~/domain/time";
import { crudNotLive } from "~/routes-support/not-found";

type Author = { id: string; handle: string };

/** Cruds and replies share the posting limits (a 429 keeps the text, like a 400). */
const countPost = (author: Author) => countRequest(["postsPerMinute", author.id], ["postsPer3Hours", author.id]);

/**
 * Posts a top-level crud: 400 with the text kept on bad input (429 past a posting limit); else data
 * (JS) or a redirect back (no JS), both with the "posted" flash (ADR 020). Traced as "post-crud"
 * (docs/product.md §6) with the author, lifetime and length.
 */
export async function postCrudAction(form: FormData, author: Author, backTo: string) {
  const parsed = parseForm(CrudSchema, form);
  const values = { message: parsed.values.message, ttl: parsed.values.ttl };
  if (!parsed.success) return data<CrudFormResult>({ errors: parsed.errors, values }, { status: 400 });
  const refused = await countPost(author);
  if (refused) return data<CrudFormResult>({ errors: { form: refused.message }, values }, tooManyRequests(refused));
  const { message, ttl } = parsed.data;
  const tags = extractHashtags(message);
  const attributes = { "app.user_handle": author.handle, "app.ttl": ttl, "app.message_length": message.length, "app.tag_count": tags.length };
  await withSpan("post-crud", attributes, async (span) => {
    const now = new Date();
    span.setAttribute("app.crud_id", await createCrud({ userId: author.id, message, ttl, now }));
    recordPostedTags(tags, expiresAtFor(ttl, now), author.id);
  });
  return isEnhanced(form) ? data<CrudFormResult>({ ok: true }, { headers: await flashHeaders("posted") }) : redirectWithFlash(backTo, "posted");
}

/**
 * Runs a crud form's action; when the database cannot be reached (for the session or the insert),
 * the form comes back with a 503, the message and the text as typed, instead of an error page
 * that loses it. `copy` is a clone of the request, taken before the action reads its body.
 */
export async function keepingTheText<T>(copy: Request, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    const { message, ttl } = formFields(await copy.formData(), ["message", "ttl"]);
    const values = { message, ttl };
    return data<CrudFormResult>({ errors: { form: DATABASE_UNAVAILABLE_MESSAGE }, values }, { status: 503 });
  }
}

/** What the reply form says when the crud it answers expired or was deleted while it was being written. */
export const REPLY_TO_GONE = "This crud has expired or was deleted, so your reply was not posted.";

/**
 * Replies to a live crud, with the "replied" flash: data (JS) or a redirect to the new reply on the
 * thread page (`#crud-<id>`, no JS). A 404 with the text kept when the crud has gone meanwhile.
 */
export async function postReplyAction(form: FormData, author: Author, parentId: string, backTo: string) {
  const parsed = parseForm(ReplySchema, form);
  const values = { message: parsed.values.message };
  if (!parsed.success) return data<CrudFormResult>({ errors: parsed.errors, values }, { status: 400 });
  const refused = await countPost(author);
  if (refused) return data<CrudFormResult>({ errors: { form: refused.message }, values }, tooManyRequests(refused));
  const { message } = parsed.data;
  const attributes = { "app.user_handle": author.handle, "app.reply_to_id": parentId, "app.message_length": message.length };
  const outcome = await withSpan("post-reply", attributes, () => replyTo({ userId: author.id, parentId, message }));
  // A block either way (ADR 018): the form says so and keeps the text; the same words whichever way.
  if (outcome === "blocked") return data<CrudFormResult>({ refused: true, errors: { form: "You cannot reply to this crud." }, values }, { status: 403 });
  if (outcome === "not-live") return data<CrudFormResult>({ errors: { form: REPLY_TO_GONE }, values }, { status: 404 });
  return isEnhanced(form)
    ? data<CrudFormResult>({ ok: true }, { headers: await flashHeaders("replied") })
    : redirectWithFlash(`${backTo}#crud-${outcome.id}`, "replied");
}

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
      return redirect(parsed.data.ttl === "now" ? `/@${author.handle}` : threadPath);
  }
}
