// One schema for the crud and reply forms and their actions (docs/product.md §1 limits; the HTML limits are in
// crud-limits.ts, without zod).
import { z } from "zod";
import { CRUD_MAX, REPLY_MAX, storedMax } from "~/domain/crud-limits";
import { crudLength } from "~/domain/crud-text";
import { characterCount, cleanText } from "~/domain/text";
import { DEFAULT_LIFETIME, LIFETIME_VALUES } from "~/domain/lifetime";

export { CRUD_MAX, REPLY_MAX };

/**
 * What a crud or reply action answers: `ok` once stored, else the errors and the text as typed;
 * `refused` when a block refused it (ADR 018), which the thread's error page tells from a gone crud.
 */
export type CrudFormResult = {
  ok?: boolean;
  refused?: boolean;
  errors?: { message?: string; ttl?: string; form?: string };
  values?: { message?: string; ttl?: string };
};

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
