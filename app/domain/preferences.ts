// The preferences' rules (/settings/preferences), shared by the form and its action: the default
// lifetime of new cruds and the time zone of exact times (ADR 022).
import { z } from "zod";
import { DEFAULT_LIFETIME, LIFETIME_VALUES, type Lifetime } from "~/domain/lifetime";
import { canonicalTimeZone, DEFAULT_TIME_ZONE, TIME_ZONE_MAX } from "~/domain/time-zone";

// The zone rules live without zod (the root loader's module reaches every page's JavaScript, ADR 026).
export * from "~/domain/time-zone";

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

/** A zone from the list (the preferences form, the sign-up form), canonical. */
export const TimeZoneSchema = z
  .string({ required_error: PREFERENCE_MESSAGES.timeZone })
  .max(TIME_ZONE_MAX, PREFERENCE_MESSAGES.timeZone)
  .transform((name, context) => {
    const zone = canonicalTimeZone(name);
    if (!zone) context.addIssue({ code: z.ZodIssueCode.custom, message: PREFERENCE_MESSAGES.timeZone });
    return zone ?? z.NEVER;
  });

export const PreferencesSchema = z.object({
  defaultTtl: z.enum(LIFETIME_VALUES, { errorMap: () => ({ message: PREFERENCE_MESSAGES.ttl }) }),
  timeZone: TimeZoneSchema,
});

/** The look of the app (Settings → Appearance): the device's choice, or always dark or light. */
export const THEMES = ["system", "dark", "light"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_LABELS: Record<Theme, string> = { system: "Same as this device", dark: "Dark", light: "Light" };
export const APPEARANCE_MESSAGES = { theme: "Choose system, dark or light" } as const;
export const AppearanceSchema = z.object({
  theme: z.enum(THEMES, { errorMap: () => ({ message: APPEARANCE_MESSAGES.theme }) }),
});
