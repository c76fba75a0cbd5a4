// What a flash can say (ADR 020): the one channel for the message after an action, shared by the
// cookie (flash.server.ts) and the layout's status message (components/status-message.tsx).

export type Tone = "status" | "error";

/** What a message's Undo button posts: `intent` to `action` (a button action's route, ADR 032). */
export type FlashUndo = { action: string; intent: string };

/** "Signed out 1 session." / "Signed out 3 sessions.": `n` things, spelt right. */
const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/**
 * Every message a flash can carry. The cookie holds only the key (and, for a message that counts
 * something, a whole number), never text: a forged or stale cookie can show nothing but one of these
 * sentences, so it needs no signature (and no secret).
 */
export const FLASH_MESSAGES = {
  posted: { text: "Your crud is posted.", tone: "status" },
  replied: { text: "Your reply is posted.", tone: "status" },
  deleted: { text: "Your crud is deleted.", tone: "status" },
  shortened: { text: "Your crud's lifetime is shortened.", tone: "status" },
  "expired-now": { text: "Your crud has expired, as you asked.", tone: "status" },
  "profile-saved": { text: "Your profile is saved.", tone: "status" },
  "message-sent": { text: "Your message is sent.", tone: "status" },
  "signed-out": { text: "You have signed out.", tone: "status" },
  "crud-gone": { text: "That crud has expired or was deleted.", tone: "error" },
  // Account pages (ADR 006).
  "code-sent": { text: "We emailed you a 6-digit code. Enter it to confirm your account.", tone: "status" },
  "code-resent": { text: "We sent you a new code.", tone: "status" },
  unconfirmed: { text: "Your account is not confirmed yet. Enter the code we emailed you.", tone: "status" },
  confirmed: { text: "Account confirmed. Sign in to start crudding.", tone: "status" },
  // The sign-in's second step (ADR 039).
  "sign-in-ended": { text: "That sign-in has ended: it waits 3 minutes for the code. Sign in again with your password.", tone: "error" },
  "signed-in-with-recovery-code": {
    text: "You signed in with a recovery code, so two-step sign-in is now off. Set it up again below to keep your account safe.",
    tone: "status",
  },
  "reset-code-sent": { text: "If an account exists for that email, we emailed it a 6-digit code. Enter it with a new password.", tone: "status" },
  // Settings (ADR 022).
  "preferences-saved": { text: "Your preferences have been saved.", tone: "status" },
  "sessions-ended": {
    text: (n: number) => (n === 0 ? "You were not signed in anywhere else." : `Signed out ${count(n, "session", "sessions")}.`),
    tone: "status",
  },
  "password-changed": {
    text: (n: number) => `Your password has been changed.${n ? ` Signed out ${count(n, "other session", "other sessions")}.` : ""}`,
    tone: "status",
  },
  "account-deleted": { text: "Your account has been deleted, with everything in it. Thank you for crudding.", tone: "status" },
  "account-deleted-login-kept": {
    text: "Your account's data has been deleted. We could not reach the sign-in service to remove your login: signing in with it once more removes it for good.",
    tone: "status",
  },
  "account-deleted-rows-pending": { text: "Your account has been deleted. The last of its data is removed within a few minutes.", tone: "status" },
  // Settings → Security (ADR 041).
  "two-step-setup-started": { text: "Scan the QR code with your authenticator app, then enter the code it shows.", tone: "status" },
  "two-step-cancelled": { text: "Set-up cancelled: two-step sign-in is still off.", tone: "status" },
  "two-step-off": {
    text: (n: number) => `Two-step sign-in is off.${n ? ` Signed out ${count(n, "other session", "other sessions")}.` : ""}`,
    tone: "status",
  },
  // Reports and moderation (ADR 019).
  "report-sent": { text: "Thanks, our moderators will look at it.", tone: "status" },
  "crud-removed": { text: "The crud was removed.", tone: "status" },
  "user-suspended": { text: "The user was suspended and signed out everywhere.", tone: "status" },
  "report-dismissed": { text: "The report was dismissed.", tone: "status" },
  "suspension-lifted": { text: "The suspension was lifted.", tone: "status" },
  // A button on a person or a crud (docs/product.md §10, ADR 035): the cookie carries the person's handle
  // (`muted:@bayko`), checked like any handle; a mute can be undone from the message itself.
  followed: { text: (handle: string) => `Followed @${handle}.`, tone: "status", names: "user" },
  unfollowed: { text: (handle: string) => `Unfollowed @${handle}.`, tone: "status", names: "user" },
  blocked: { text: (handle: string) => `Blocked @${handle}.`, tone: "status", names: "user" },
  unblocked: { text: (handle: string) => `Unblocked @${handle}.`, tone: "status", names: "user" },
  muted: {
    text: (handle: string) => `Muted @${handle}.`,
    tone: "status",
    names: "user",
    undo: (handle: string) => ({ action: `/@${handle}/mute`, intent: "unmute" }),
  },
  unmuted: { text: (handle: string) => `Unmuted @${handle}.`, tone: "status", names: "user" },
  liked: { text: (handle: string) => `Liked @${handle}'s crud.`, tone: "status", names: "user" },
  unliked: { text: (handle: string) => `Unliked @${handle}'s crud.`, tone: "status", names: "user" },
  reposted: { text: (handle: string) => `Reposted @${handle}'s crud.`, tone: "status", names: "user" },
  unreposted: { text: (handle: string) => `Undid your repost of @${handle}'s crud.`, tone: "status", names: "user" },
} as const satisfies Record<
  string,
  { text: string | ((n: number) => string); tone: Tone } | { text: (handle: string) => string; tone: Tone; names: "user"; undo?: (handle: string) => FlashUndo }
>;

export type FlashKey = keyof typeof FLASH_MESSAGES;
/** The keys whose sentence names a person: they are sent with the person's handle. */
export type UserFlashKey = { [K in FlashKey]: (typeof FLASH_MESSAGES)[K] extends { names: "user" } ? K : never }[FlashKey];
/** The keys whose sentence counts something: they are sent with their number. */
export type CountedFlashKey = Exclude<{ [K in FlashKey]: (typeof FLASH_MESSAGES)[K]["text"] extends string ? never : K }[FlashKey], UserFlashKey>;
/** What an action asks to show: a key, a counted key with its number, or a key naming a person with their handle. */
export type FlashMessage = Exclude<FlashKey, CountedFlashKey | UserFlashKey> | { key: CountedFlashKey; count: number } | { key: UserFlashKey; handle: string };

/**
 * What the layout shows; `id` tells two equal messages in a row apart (each is announced). `undo`:
 * the message's Undo button (a POST form, ADR 035).
 */
export type Flash = { id: string; text: string; tone: Tone; undo?: FlashUndo };

/** The sentence of a message. */
export function flashText(message: FlashMessage): string {
  if (typeof message === "string") return FLASH_MESSAGES[message].text;
  if ("count" in message) return FLASH_MESSAGES[message.key].text(message.count);
  return FLASH_MESSAGES[message.key].text(message.handle);
}

/** The Undo a message offers, if any. */
export function flashUndo(message: FlashMessage): FlashUndo | undefined {
  if (typeof message === "string" || !("handle" in message)) return undefined;
  const entry = FLASH_MESSAGES[message.key];
  return "undo" in entry ? entry.undo(message.handle) : undefined;
}
