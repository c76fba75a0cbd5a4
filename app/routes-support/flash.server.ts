// A status message carried across a Post/Redirect/Get (docs/decisions/020-phone-layout-and-feedback.md):
// the action sets a short-lived cookie naming one of a fixed set of messages, and the next page's
// root loader shows it once and clears the cookie. With JavaScript the same message reaches the
// page through the revalidation after a fetcher's post, and an aria-live region announces it.
import { createCookie } from "@remix-run/node";
import { env } from "~/env.server";

/**
 * Every message a flash can carry. The cookie holds only the key, never text: a forged or stale
 * cookie can show nothing but one of these sentences, so it needs no signature (and no secret).
 */
export const FLASH_MESSAGES = {
  posted: { text: "Your crud is posted.", tone: "status" },
  replied: { text: "Your reply is posted.", tone: "status" },
  deleted: { text: "Your crud is deleted.", tone: "status" },
  "profile-saved": { text: "Your profile is saved.", tone: "status" },
  "message-sent": { text: "Your message is sent.", tone: "status" },
  "signed-out": { text: "You have signed out.", tone: "status" },
  "crud-gone": { text: "That crud has expired or was deleted.", tone: "error" },
} as const satisfies Record<string, { text: string; tone: "status" | "error" }>;

export type FlashKey = keyof typeof FLASH_MESSAGES;
/** What the layout shows; `id` tells two equal messages in a row apart (each is announced). */
export type Flash = { id: string; text: string; tone: "status" | "error" };

/** Long enough for any redirect to be followed, short enough that a dropped one never shows up later. */
export const FLASH_MAX_AGE_SECONDS = 60;

/** The cookie's name, for the page cache (which must never store or serve a page carrying a flash). */
export const FLASH_COOKIE_PATTERN = /(^|;\s*)(__Host-)?cruddur_flash=/;

const flashCookie = () => {
  const secure = env().NODE_ENV === "production" && !env().INSECURE_COOKIES;
  // `__Host-`, like the session cookie: no sibling subdomain can plant one.
  return createCookie(secure ? "__Host-cruddur_flash" : "cruddur_flash", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: FLASH_MAX_AGE_SECONDS,
  });
};

const isFlashKey = (value: unknown): value is FlashKey => typeof value === "string" && Object.hasOwn(FLASH_MESSAGES, value);

/** The Set-Cookie header that carries `key` to the next page. */
export function flashCookieHeader(key: FlashKey): Promise<string> {
  return flashCookie().serialize(key);
}

/** Headers for a redirect or a fetcher's answer that carry `key` (plus any other Set-Cookie). */
export async function flashHeaders(key: FlashKey, ...otherCookies: string[]): Promise<Headers> {
  const headers = new Headers();
  for (const cookie of otherCookies) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await flashCookieHeader(key));
  return headers;
}

/**
 * The flash this request carries, and the Set-Cookie that clears it (so it shows once), or null.
 * An unknown key (forged, or from an older version) is cleared and shows nothing.
 */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; clear: string } | null> {
  const header = request.headers.get("Cookie");
  if (!header || !FLASH_COOKIE_PATTERN.test(header)) return null;
  const cookie = flashCookie();
  const key: unknown = await cookie.parse(header).catch(() => null);
  const clear = await cookie.serialize("", { maxAge: 0, expires: new Date(0) });
  if (!isFlashKey(key)) return { flash: null, clear };
  const { text, tone } = FLASH_MESSAGES[key];
  return { flash: { id: `${key}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, text, tone }, clear };
}
