// The direct-message form's rules, shared by the form (HTML constraints, so they work without
// JavaScript) and the action (Zod). The database trigger `messages_validate` enforces the same bound.
import { z } from "zod";

export const MESSAGE_MAX = 1024;

export const MessageSchema = z.object({
  message: z
    .string({ required_error: "Write a message" })
    // PostgreSQL text cannot hold NUL; it is never meaningful in a message.
    // A lone UTF-16 surrogate is not text either (forms never send one; other callers might).
    .transform((value) =>
      value
        .replaceAll("\0", "")
        .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(1, "Write a message")
        // Characters as people (and the database's char_length) count them, not UTF-16 units.
        .refine((value) => [...value].length <= MESSAGE_MAX, `Use at most ${MESSAGE_MAX} characters`),
    ),
});
