// What a flash can say (ADR 020): the one channel for the message after an action, shared by the
// cookie (flash.server.ts) and the layout's status message (components/status-message.tsx).

type Tone = "status" | "error";

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
  "profile-saved": { text: "Your profile is saved.", tone: "status" },
  "message-sent": { text: "Your message is sent.", tone: "status" },
  "signed-out": { text: "You have signed out.", tone: "status" },
  "crud-gone": { text: "That crud has expired or was deleted.", tone: "error" },
  // Account pages (ADR 006).
  "code-sent": { text: "We emailed you a 6-digit code. Enter it to confirm your account.", tone: "status" },
  "code-resent": { text: "We sent you a new code.", tone: "status" },
  unconfirmed: { text: "Your account is not confirmed yet. Enter the code we emailed you.", tone: "status" },
  confirmed: { text: "Account confirmed. Sign in to start crudding.", tone: "status" },
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
  // Reports and moderation (ADR 019).
  "report-sent": { text: "Thanks, our moderators will look at it.", tone: "status" },
  "crud-removed": { text: "The crud was removed.", tone: "status" },
  "user-suspended": { text: "The user was suspended and signed out everywhere.", tone: "status" },
  "report-dismissed": { text: "The report was dismissed.", tone: "status" },
  "suspension-lifted": { text: "The suspension was lifted.", tone: "status" },
} as const satisfies Record<string, { text: string | ((n: number) => string); tone: Tone }>;

export type FlashKey = keyof typeof FLASH_MESSAGES;
/** The keys whose sentence counts something: they are sent with their number. */
export type CountedFlashKey = { [K in FlashKey]: (typeof FLASH_MESSAGES)[K]["text"] extends string ? never : K }[FlashKey];
/** What an action asks to show: a key, or a counted key with its number. */
export type FlashMessage = Exclude<FlashKey, CountedFlashKey> | { key: CountedFlashKey; count: number };

/** What the layout shows; `id` tells two equal messages in a row apart (each is announced). */
export type Flash = { id: string; text: string; tone: Tone };

/** The sentence of a message. */
export function flashText(message: FlashMessage): string {
  if (typeof message === "string") return FLASH_MESSAGES[message].text;
  return FLASH_MESSAGES[message.key].text(message.count);
}
