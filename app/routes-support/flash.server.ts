// A status message carried across a Post/Redirect/Get (docs/decisions/020-phone-layout-and-feedback.md):
// the action sets a short-lived cookie naming one of a fixed set of messages (flash.ts), and the next
// page's root loader shows it once and clears the cookie. With JavaScript the same message reaches the
// page through the revalidation after a fetcher's post, and an aria-live region announces it.
import { redirect } from "@remix-run/node";
import { appCookie } from "~/security/cookies.server";
import { HANDLE_PATTERN } from "~/domain/user-validation";
import {
  FLASH_MESSAGES,
  flashText,
  flashUndo,
  type CountedFlashKey,
  type Flash,
  type FlashKey,
  type FlashMessage,
  type UserFlashKey,
} from "~/routes-support/flash";

/** Long enough for any redirect to be followed, short enough that a dropped one never shows up later. */
export const FLASH_MAX_AGE_SECONDS = 60;

/** The cookie's name, for the page cache (which must never store or serve a page carrying a flash). */
export const FLASH_COOKIE_PATTERN = /(^|;\s*)(__Host-)?cruddur_flash=/;

const flashCookie = () => appCookie("cruddur_flash", FLASH_MAX_AGE_SECONDS);

const isFlashKey = (value: string): value is FlashKey => Object.hasOwn(FLASH_MESSAGES, value);
const namesUser = (key: FlashKey): key is UserFlashKey => "names" in FLASH_MESSAGES[key];
const isCounted = (key: FlashKey): key is CountedFlashKey => typeof FLASH_MESSAGES[key].text === "function" && !namesUser(key);

/** The cookie's value: `key`, `key:count` for a counted message, `key:@handle` for one naming a person. */
function encode(message: FlashMessage): string {
  if (typeof message === "string") return message;
  if ("count" in message) return `${message.key}:${Math.max(0, Math.trunc(message.count))}`;
  return `${message.key}:@${message.handle}`;
}

/**
 * The message a cookie value names, or null (unknown key, a count or a handle where none belongs or
 * none where one does, a handle that is not one).
 */
function decode(value: unknown): FlashMessage | null {
  if (typeof value !== "string") return null;
  const match = /^([a-z-]{1,40})(?::(\d{1,6}|@[a-z0-9_]{1,40}))?$/.exec(value);
  if (!match || !isFlashKey(match[1]!)) return null;
  const [, key, argument] = match as unknown as [string, FlashKey, string | undefined];
  if (namesUser(key)) {
    const handle = argument?.startsWith("@") ? argument.slice(1) : undefined;
    return handle && HANDLE_PATTERN.test(handle) ? { key, handle } : null;
  }
  if (isCounted(key)) return argument === undefined || argument.startsWith("@") ? null : { key, count: Number(argument) };
  return argument === undefined ? key : null;
}

/** The Set-Cookie header that carries `message` to the next page. */
export function flashCookieHeader(message: FlashMessage): Promise<string> {
  return flashCookie().serialize(encode(message));
}

/** Headers for a fetcher's answer that carry `message` (a redirect: `redirectWithFlash`). */
export async function flashHeaders(message: FlashMessage): Promise<Headers> {
  return new Headers({ "Set-Cookie": await flashCookieHeader(message) });
}

/**
 * The redirect after an action that worked, saying what it did on the next page (Post/Redirect/Get):
 * the one way an action reports success. `init` may carry other headers (a cleared session cookie).
 */
export async function redirectWithFlash(url: string, message: FlashMessage, init: ResponseInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookieHeader(message));
  return redirect(url, { ...init, headers });
}

/**
 * The flash this request carries, and the Set-Cookie that clears it (so it shows once), or null.
 * An unknown key (forged, or from an older version) is cleared and shows nothing.
 */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; clear: string } | null> {
  const header = request.headers.get("Cookie");
  if (!header || !FLASH_COOKIE_PATTERN.test(header)) return null;
  const cookie = flashCookie();
  const message = decode(await cookie.parse(header).catch(() => null));
  const clear = await cookie.serialize("", { maxAge: 0, expires: new Date(0) });
  if (!message) return { flash: null, clear };
  const key = typeof message === "string" ? message : message.key;
  const id = `${key}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const undo = flashUndo(message);
  return { flash: { id, text: flashText(message), tone: FLASH_MESSAGES[key].tone, ...(undo ? { undo } : {}) }, clear };
}
