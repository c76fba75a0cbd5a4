// One schema for the crud and reply forms and their actions (SPEC §1 limits).
import { z } from "zod";
import { characterCount, cleanText } from "~/utils/text";
import { DEFAULT_TTL, TTL_VALUES } from "~/utils/ttl";

/** What a crud or reply action answers: `ok` once stored, else the errors and the text as typed. */
export type CrudFormResult = { ok?: boolean; errors?: { message?: string; ttl?: string; form?: string }; values?: { message?: string; ttl?: string } };

export const CRUD_MAX = 280;
export const REPLY_MAX = 1024;

const message = (max: number) =>
  z
    .string({ required_error: "Write something first" })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, "Write something first")
        .refine((text) => characterCount(text) <= max, `Use at most ${max} characters`),
    );

export const CrudSchema = z.object({
  message: message(CRUD_MAX),
  ttl: z.enum(TTL_VALUES, { errorMap: () => ({ message: "Choose one of the lifetimes in the list" }) }).default(DEFAULT_TTL),
});

export const ReplySchema = z.object({ message: message(REPLY_MAX) });
