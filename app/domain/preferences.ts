// The preferences' rules (/settings/preferences), shared by the form and its action: the default
// lifetime of new cruds and the time zone of exact times (ADR 022).
import { z } from "zod";
import { DEFAULT_LIFETIME, LIFETIME_VALUES, type Lifetime } from "~/domain/lifetime";

/** Exact times are in UTC until a viewer chooses a zone. */
export const DEFAULT_TIME_ZONE = "UTC";
/** Longer than any IANA name; the migration's trigger checks the same shape. */
export const TIME_ZONE_MAX = 64;
const TIME_ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/;

/**
 * The engine's own name for a zone ("europe/paris" → "Europe/Paris", "Etc/UTC" → "UTC"), or
 * undefined when it knows no such zone. Intl is the authority: the same data the browser formats with.
 * Offsets ("+05:30") are refused: a zone has daylight-saving rules, an offset does not.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (!TIME_ZONE_SHAPE.test(trimmed)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
    return TIME_ZONE_SHAPE.test(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

/** Every zone the form offers: UTC first, then the engine's list (Intl.supportedValuesOf), plus `extra`. */
export function timeZoneOptions(extra?: string | null): string[] {
  const zones = new Set<string>([DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf("timeZone")]);
  if (extra) zones.add(extra);
  return [...zones];
}

/** A stored default lifetime, or the app's default when none is set (or a preset was retired). */
export function preferredLifetime(stored: string | null | undefined): Lifetime {
  return (LIFETIME_VALUES as readonly string[]).includes(stored ?? "") ? (stored as Lifetime) : DEFAULT_LIFETIME;
}

export const PREFERENCE_MESSAGES = {
  ttl: "Choose one of the lifetimes in the list",
  timeZone: "Choose a time zone from the list",
} as const;

export const PreferencesSchema = z.object({
  defaultTtl: z.enum(LIFETIME_VALUES, { errorMap: () => ({ message: PREFERENCE_MESSAGES.ttl }) }),
  timeZone: z
    .string({ required_error: PREFERENCE_MESSAGES.timeZone })
    .max(TIME_ZONE_MAX, PREFERENCE_MESSAGES.timeZone)
    .transform((name, context) => {
      const zone = canonicalTimeZone(name);
      if (!zone) context.addIssue({ code: z.ZodIssueCode.custom, message: PREFERENCE_MESSAGES.timeZone });
      return zone ?? z.NEVER;
    }),
});
