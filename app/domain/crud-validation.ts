// One schema for the crud and reply forms and their actions (docs/product.md §1 limits; the HTML limits are in
// crud-limits.ts, without zod).
import { z } from "zod";
import { CRUD_MAX, REPLY_MAX, storedMax } from "~/domain/crud-limits";
import { crudLength } from "~/domain/crud-text";
import { characterCount, cleanText } from "~/domain/text";
import { DEFAULT_LIFETIME, LIFETIME_VALUES } from "~/domain/lifetime";
import { ALT_MAX, CONTENT_WARNING_MAX, IMAGES_MAX } from "~/domain/picture-limits";

export { CRUD_MAX, REPLY_MAX };

/**
 * What a crud or reply action answers: `ok` once stored, else the errors and the text as typed;
 * `refused` when a block refused it (ADR 018), which the thread's error page tells from a gone crud.
 */
export type CrudFormResult = {
  ok?: boolean;
  refused?: boolean;
  errors?: { message?: string; ttl?: string; form?: string; images?: string; contentWarning?: string };
  values?: { message?: string; ttl?: string; sensitive?: boolean; contentWarning?: string };
  /** Images already uploaded and held for this post (their owner's pending uploads), with what was typed for them. */
  pending?: PendingImage[];
  /** Some image has no description: the form asks "Post without a description?" (docs/product.md §11). */
  askDescriptions?: boolean;
};

/** An uploaded image waiting in the composer: its id (only its owner can attach it), preview and description. */
export type PendingImage = { id: string; previewSrc: string; alt: string; width: number; height: number };

// Counted as people count characters, each link as 23 (crudLength); stored at most storedMax(max).
const message = (max: number) =>
  z
    .string({ required_error: "Write something first" })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, "Write something first")
        .refine((text) => crudLength(text) <= max, `Use at most ${max} characters`)
        .refine(
          (text) => characterCount(text) <= storedMax(max),
          `Links count as 23 characters, but the whole text can be at most ${storedMax(max)} characters`,
        ),
    );

export const CrudSchema = z.object({
  message: message(CRUD_MAX),
  ttl: z.enum(LIFETIME_VALUES, { errorMap: () => ({ message: "Choose one of the lifetimes in the list" }) }).default(DEFAULT_LIFETIME),
});

export const ReplySchema = z.object({ message: message(REPLY_MAX) });

/** An image's description: trimmed; empty means none. */
const alt = z
  .string()
  .transform(cleanText)
  .refine((text) => characterCount(text) <= ALT_MAX, `Describe each image in at most ${ALT_MAX} characters`);

/**
 * What the composer sends besides the text (docs/product.md §11): its held images (pending ids, each with a
 * description; `remove`d ones dropped), descriptions for the files sent with it (in order), whether the images
 * are sensitive and their content warning, and whether the author chose to post without descriptions.
 * Repeated fields are read with getAll by the action; one value each for the rest.
 */
export const ComposeMediaSchema = z.object({
  pending: z.array(z.string().uuid("That image is no longer available")).max(IMAGES_MAX, `Add at most ${IMAGES_MAX} images`),
  pendingAlt: z.array(alt),
  imageAlt: z.array(alt),
  remove: z.array(z.string()),
  sensitive: z.boolean(),
  contentWarning: z
    .string()
    .transform(cleanText)
    .refine((text) => characterCount(text) <= CONTENT_WARNING_MAX, `Use at most ${CONTENT_WARNING_MAX} characters for the warning`),
  withoutDescriptions: z.boolean(),
});
