// Time zones (ADR 022, 037): the names the app accepts and the `tz` cookie a browser reports its zone
// in. No zod here: the root route imports it, and whatever it imports can reach every page's script.

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

/**
 * The visitor's zone as their browser reported it (JavaScript writes it on the first visit, sign-up
 * writes the one chosen there): used until a signed-in person saves a preference (ADR 037).
 */
export const TIME_ZONE_COOKIE = "tz";
/** A guessed zone lasts the browser session; one chosen at sign-up a year. */
export const SIGN_UP_TIME_ZONE_MAX_AGE_S = 365 * 24 * 3600;

/**
 * The zone in a request's `tz` cookie, canonical, or undefined: no cookie, an oversized or unknown
 * value (the cookie is the visitor's to write, so it is checked like a form field).
 */
export function timeZoneFromCookie(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader || cookieHeader.length > 8192) return undefined;
  for (const part of cookieHeader.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== TIME_ZONE_COOKIE) continue;
    const raw = part.slice(at + 1).trim();
    if (raw.length > TIME_ZONE_MAX * 3) return undefined;
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    return value.length > TIME_ZONE_MAX ? undefined : canonicalTimeZone(value);
  }
  return undefined;
}

/** The `tz` cookie's Set-Cookie value (server side, at sign-up). */
export function timeZoneCookie(zone: string, { secure, maxAge }: { secure: boolean; maxAge?: number }): string {
  return `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; Path=/; SameSite=Lax${maxAge ? `; Max-Age=${maxAge}` : ""}${secure ? "; Secure" : ""}`;
}
