// Shortening a crud's lifetime (docs/product.md §1): the choices, and the one schema shared by the form and its action.
import { z } from "zod";
import { LIFETIME_PRESETS, LIFETIME_VALUES, type Lifetime } from "~/domain/lifetime";

/** A preset counted from now, or "now": the crud expires at once. */
export type NewLifetime = Lifetime | "now";

export const EXPIRE_NOW = { value: "now", label: "Expire now" } as const;

export const LIFETIME_MESSAGES = {
  unknown: "Choose one of the lifetimes in the list",
  reply: "A reply lives as long as the crud it answers: shorten that crud instead.",
  forbidden: "You can only shorten your own cruds.",
  notSooner: (left: string) =>
    `That would not end it sooner: it already expires in ${left}. A lifetime can be shortened, never lengthened: choose a shorter one or "Expire now".`,
} as const;

export const ShortenSchema = z.object({
  ttl: z.enum([EXPIRE_NOW.value, ...LIFETIME_VALUES], { errorMap: () => ({ message: LIFETIME_MESSAGES.unknown }) }),
});

/**
 * What the form offers a crud with `remainingMs` left: "Expire now", then each preset that ends
 * strictly sooner than the crud does (one equal to what is left would change nothing), longest first.
 */
export function shorterLifetimes(remainingMs: number): { value: NewLifetime; label: string }[] {
  return [EXPIRE_NOW, ...LIFETIME_PRESETS.filter((preset) => preset.milliseconds < remainingMs)];
}

/** What the thread page's lifetime form gets back from a refused change. */
export type ShortenResult = { intent: "shorten"; errors: { ttl?: string; form?: string }; values: { ttl?: string } };
