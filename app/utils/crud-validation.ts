// One schema for the crud and reply forms and their actions (SPEC §1 limits).
import { z } from "zod";
import { DEFAULT_TTL, TTL_VALUES } from "~/utils/ttl";

export const CRUD_MAX = 280;
export const REPLY_MAX = 1024;

/** Characters as people count them (code points), not UTF-16 units: an emoji is one. */
export const characterCount = (text: string) => Array.from(text).length;

const message = (max: number) =>
  z
    .string({ required_error: "Write something first" })
    .refine((text) => text.trim().length > 0, "Write something first")
    .refine((text) => characterCount(text) <= max, `Use at most ${max} characters`)
    // Carriage returns from form posts are normalised; NUL cannot be stored in text columns.
    .transform((text) => text.replace(/\r\n?/g, "\n").replace(/\0/g, "").trim());

export const CrudSchema = z.object({
  message: message(CRUD_MAX),
  ttl: z.enum(TTL_VALUES, { errorMap: () => ({ message: "Choose one of the lifetimes in the list" }) }).default(DEFAULT_TTL),
});

export const ReplySchema = z.object({ message: message(REPLY_MAX) });

export const ProfileSchema = z.object({
  displayName: z.string({ required_error: "Enter your name" }).trim().min(1, "Enter your name").max(50, "Use at most 50 characters"),
  bio: z
    .string()
    .default("")
    .transform((text) => text.replace(/\r\n?/g, "\n").replace(/\0/g, "").trim())
    .refine((text) => characterCount(text) <= 160, "Use at most 160 characters"),
});
