// The composer's action (app/routes/compose.tsx), for cruds and replies, with or without images: reads the
// streamed form, applies the limits, re-encodes and stores new images as pending uploads, asks once about
// missing descriptions, and posts. Form and HTTP glue only: the rules are in app/domain, the data in
// app/models, the bytes in app/media (ADR 033).
import { data, type AppLoadContext } from "@remix-run/node";
import { requireUser, safeRedirect, type SessionUser } from "~/auth/session.server";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailable } from "~/db.server";
import { processPicture, PictureRefused, type ProcessedPicture } from "~/media/images.server";
import { pictureUrlThroughApp } from "~/media/urls.server";
import { discardPendingPictures, pendingImagesOf } from "~/models/picture.server";
import { createCrud, ImagesNoLongerPending, replyTo } from "~/models/posting.server";
import { recordPostedTags } from "~/models/trending.server";
import { withSpan } from "~/observability/tracing.server";
import { clientIp, countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { ComposeMediaSchema, CrudSchema, ReplySchema, type CrudFormResult, type PendingImage } from "~/domain/crud-validation";
import { extractHashtags } from "~/domain/crud-text";
import { expiresAtFor } from "~/domain/lifetime";
import { FILES_PER_FORM, IMAGES_MAX } from "~/domain/picture-limits";
import { pictureObject } from "~/domain/pictures";
import { isUuid } from "~/domain/uuid";
import { isEnhanced } from "~/routes-support/button-action.server";
import { flashHeaders, redirectWithFlash } from "~/routes-support/flash.server";
import { formIntent } from "~/routes-support/intent";
import { crudNotLive } from "~/routes-support/not-found";
import { fieldErrors, parseForm } from "~/routes-support/parse-form";
import { readUploadForm, UploadRefused, type TempUpload } from "~/routes-support/upload-form.server";
import { countUploads, storePendingPictures } from "~/routes-support/picture-uploads.server";

/** What the compose page renders after a post without JavaScript: the form's result and what it answered. */
export type ComposeResult = CrudFormResult & { reply?: { replyTo: string; backTo: string }; backTo?: string };

/** What the reply form says when the crud it answers expired or was deleted while it was being written. */
export const REPLY_TO_GONE = "This crud has expired or was deleted, so your reply was not posted.";

const IMAGES_GONE = "An image you added is no longer waiting to be posted (after an hour, uploads are let go). Add it again.";

/** Cruds and replies share the posting limits (a 429 keeps the text, like a 400). */
const countPost = (author: SessionUser) => countRequest(["postsPerMinute", author.id], ["postsPer3Hours", author.id]);

const isMultipart = (request: Request) => request.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data") ?? false;

/** The request's form: streamed, files to temporary files, when it is multipart; else the plain urlencoded form. */
async function readComposeForm(request: Request): Promise<{ form: FormData; files: TempUpload[]; cleanup(): Promise<void> }> {
  if (isMultipart(request)) return readUploadForm(request, { maxFiles: FILES_PER_FORM.compose, fileField: "images" });
  return { form: await request.formData(), files: [], cleanup: async () => undefined };
}

const asPending = (picture: { id: string; key: string; alt: string | null; previewWidth: number; previewHeight: number }): PendingImage => ({
  id: picture.id,
  // Through the app, which shows a pending upload to its owner only (never a signed CloudFront address).
  previewSrc: pictureUrlThroughApp(pictureObject(picture.key, "preview")),
  alt: picture.alt ?? "",
  width: picture.previewWidth,
  height: picture.previewHeight,
});

/**
 * Re-encodes each new file (one queue per process) and stores it as a pending upload: rows first, then objects.
 * The files are queued together, so with MEDIA_CONCURRENCY > 1 one post's images are re-encoded side by side; every
 * one is settled before the first refusal (in the files' order) is thrown, so none is still read when the temporary
 * files are removed.
 */
async function storeNewImages(author: SessionUser, files: TempUpload[], alts: string[]): Promise<PendingImage[]> {
  const settled = await Promise.allSettled(files.map((file) => processPicture(file.path, "image")));
  const failed = settled.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  const processed = settled.map((outcome, index) => ({ picture: (outcome as PromiseFulfilledResult<ProcessedPicture>).value, alt: alts[index] ?? "" }));
  const stored = await storePendingPictures(author.id, "image", processed);
  return stored.map(({ id, key, picture, alt }) => asPending({ id, key, alt, previewWidth: picture.preview.width, previewHeight: picture.preview.height }));
}

/**
 * POST /compose: a crud (`intent=crud`) or a reply (`intent=reply`, `replyTo`). Without JavaScript a refusal
 * renders the compose page with everything kept (400, 404, 409, 413, 415, 429, 503), a success redirects to
 * `backTo` (a reply: to itself in its thread) with the flash; with JavaScript the same answers are data.
 */
export async function composeAction(request: Request, context: AppLoadContext) {
  let author: SessionUser;
  try {
    author = await requireUser(request);
  } catch (error) {
    // The session could not be read: the form comes back with the text as typed (its files are dropped unread).
    if (!(error instanceof DatabaseUnavailable)) throw error;
    return keptForm(request, { form: DATABASE_UNAVAILABLE_MESSAGE }, 503);
  }
  let upload;
  try {
    upload = await readComposeForm(request);
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    return keptText(error.form, { images: error.message }, error.status);
  }
  const { form, files } = upload;
  let answer: (errors: CrudFormResult["errors"], status: number, init?: ResponseInit) => ReturnType<typeof data<ComposeResult>> = (errors, status) =>
    data<ComposeResult>({ errors, ...where(form) }, { status });
  try {
    const intent = formIntent(form, ["crud", "reply"]);
    const crudText = intent === "crud" ? parseForm(CrudSchema, form) : null;
    const replyText = intent === "reply" ? parseForm(ReplySchema, form) : null;
    const text = (crudText ?? replyText)!;
    const media = ComposeMediaSchema.safeParse({
      pending: form.getAll("pending").map(String),
      pendingAlt: form.getAll("pendingAlt").map(String),
      imageAlt: form.getAll("imageAlt").map(String),
      remove: form.getAll("remove").map(String),
      sensitive: form.get("sensitive") === "on",
      contentWarning: stringField(form, "contentWarning") ?? "",
      withoutDescriptions: form.get("withoutDescriptions") === "yes",
    });
    const removed = media.success ? media.data.remove.filter(isUuid) : [];
    await discardPendingPictures(author.id, removed);
    const wanted = media.success ? media.data.pending.filter((id) => !removed.includes(id)) : [];
    const typedAlts = new Map(wanted.map((id) => [id, media.success ? (media.data.pendingAlt[media.data.pending.indexOf(id)] ?? "") : ""]));
    const held = (await pendingImagesOf(author.id, wanted)).map((picture) => asPending({ ...picture, alt: typedAlts.get(picture.id) ?? picture.alt }));
    const values = {
      message: text.values.message,
      ttl: text.values.ttl,
      sensitive: form.get("sensitive") === "on",
      contentWarning: stringField(form, "contentWarning"),
    };
    answer = (errors, status, init = {}) => data<ComposeResult>({ errors, values, pending: held, ...where(form) }, { ...init, status });

    if (!text.success) return answer(text.errors, 400);
    if (!media.success) return answer(mediaErrors(fieldErrors(media.error)), 400);
    if (held.length < wanted.length) return answer({ images: IMAGES_GONE }, 409);
    if (held.length + files.length > IMAGES_MAX) return answer({ images: `Add at most ${IMAGES_MAX} images to one crud.` }, 413);
    const parentId = stringField(form, "replyTo") ?? "";
    if (intent === "reply" && !isUuid(parentId)) throw crudNotLive();

    const refused = (await countPost(author)) ?? (files.length > 0 ? await countUploads(author, clientIp(context), files.length) : null);
    if (refused) return answer({ form: refused.message }, refused.status, tooManyRequests(refused));

    let added: PendingImage[];
    try {
      added = await storeNewImages(author, files, media.data.imageAlt);
    } catch (error) {
      if (error instanceof PictureRefused) return answer({ images: error.message }, error.status);
      throw error;
    }
    const images = [...held, ...added];
    // Described or not, nothing is lost: the uploads wait (an hour) for the answer to the question.
    if (images.some((image) => !image.alt) && !media.data.withoutDescriptions) {
      return data<ComposeResult>({ askDescriptions: true, values, pending: images, ...where(form) }, { status: 200 });
    }
    const attach = {
      images: images.map((image) => ({ id: image.id, alt: image.alt })),
      sensitive: media.data.sensitive,
      contentWarning: media.data.contentWarning,
    };
    const backTo = safeRedirect(form.get("backTo"), "/");
    if (crudText?.success) {
      const { message, ttl } = crudText.data;
      const tags = extractHashtags(message);
      const attributes = {
        "app.user_handle": author.handle,
        "app.ttl": ttl,
        "app.message_length": message.length,
        "app.tag_count": tags.length,
        "app.image_count": images.length,
      };
      try {
        await withSpan("post-crud", attributes, async (span) => {
          const now = new Date();
          span.setAttribute("app.crud_id", await createCrud({ userId: author.id, message, ttl, now, ...attach }));
          recordPostedTags(tags, expiresAtFor(ttl, now), author.id);
        });
      } catch (error) {
        if (error instanceof ImagesNoLongerPending) return answer({ images: IMAGES_GONE }, 409);
        throw error;
      }
      return isEnhanced(form) ? data<ComposeResult>({ ok: true }, { headers: await flashHeaders("posted") }) : redirectWithFlash(backTo, "posted");
    }
    const { message } = text.data;
    const attributes = { "app.user_handle": author.handle, "app.reply_to_id": parentId, "app.message_length": message.length };
    const outcome = await withSpan("post-reply", attributes, () => replyTo({ userId: author.id, parentId, message, ...attach }));
    if (outcome === "blocked" || outcome === "not-live") {
      // Nothing can carry these images any more: they go now (the purge deletes their objects), not in an hour.
      await discardPendingPictures(
        author.id,
        attach.images.map((image) => image.id),
      );
      // A block either way (ADR 018): the form says so and keeps the text; the same words whichever way.
      const refused = outcome === "blocked" ? { refused: true, errors: { form: "You cannot reply to this crud." } } : { errors: { form: REPLY_TO_GONE } };
      return data<ComposeResult>({ ...refused, values, ...where(form) }, { status: outcome === "blocked" ? 403 : 404 });
    }
    if (outcome === "images-gone") return answer({ images: IMAGES_GONE }, 409);
    return isEnhanced(form)
      ? data<ComposeResult>({ ok: true }, { headers: await flashHeaders("replied") })
      : redirectWithFlash(`${backTo.split("#")[0]}#crud-${outcome.id}`, "replied");
  } catch (error) {
    // The database could not be reached (for the session or the insert): the form comes back with the text as typed.
    if (!(error instanceof DatabaseUnavailable)) throw error;
    return answer({ form: DATABASE_UNAVAILABLE_MESSAGE }, 503);
  } finally {
    await upload.cleanup();
  }
}

/** The compose page with the text fields of `form` kept and `errors` shown. */
function keptText(form: FormData, errors: CrudFormResult["errors"], status: number) {
  const values = { message: stringField(form, "message"), ttl: stringField(form, "ttl") };
  return data<ComposeResult>({ errors, values, ...where(form) }, { status });
}

/** As keptText, reading the request's text first (an upload's files are drained, never stored). */
async function keptForm(request: Request, errors: CrudFormResult["errors"], status: number) {
  try {
    const { form, cleanup } = await readComposeForm(request);
    await cleanup();
    return keptText(form, errors, status);
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    return keptText(error.form, errors, status);
  }
}

const stringField = (form: FormData | undefined, name: string): string | undefined => {
  const value = form?.get(name);
  return typeof value === "string" ? value : undefined;
};

/** Where the form came from and goes back to, for the compose page to render the right form with the way back. */
function where(form: FormData | undefined): Pick<ComposeResult, "reply" | "backTo"> {
  const backTo = safeRedirect(form?.get("backTo"), "/");
  const replyTo = stringField(form, "replyTo");
  return form?.get("intent") === "reply" && replyTo && isUuid(replyTo) ? { reply: { replyTo, backTo }, backTo } : { backTo };
}

/** The media fields' errors, shown by the images (the descriptions and the warning have their own). */
function mediaErrors(errors: Partial<Record<string, string>>): CrudFormResult["errors"] {
  const { contentWarning, ...rest } = errors;
  return { contentWarning, images: Object.values(rest)[0] };
}
