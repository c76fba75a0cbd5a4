// The direct-message form's rules, shared by the form (HTML constraints, so they work without
// JavaScript) and the action (Zod). The database trigger `messages_validate` enforces the same bound.
import { z } from "zod";
import { characterCount, cleanText } from "~/domain/text";

export const MESSAGE_MAX = 1024;

export const MessageSchema = z.object({
  message: z
    .string({ required_error: "Write a message" })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, "Write a message")
        .refine((value) => characterCount(value) <= MESSAGE_MAX, `Use at most ${MESSAGE_MAX} characters`),
    ),
});
