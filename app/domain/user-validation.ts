// The one source of the user-field rules (docs/product.md §1): handle, display name and bio. Read by the form
// schemas (app/auth/validation.ts), the forms' HTML constraints (so they work without JavaScript)
// and the Post Confirmation Lambda (lambda/user-row.ts), which the init migration's trigger backs up.
//
// Dependency-free, with a relative import only: it is bundled into the Lambda as well as the app.
// Lengths are code points (`characterCount`), as PostgreSQL's char_length counts them.
import { characterCount, cleanLine, cleanText } from "./text";

export const HANDLE_MIN = 3;
export const HANDLE_MAX = 20;
/** 3–20 characters of [a-z0-9_], unique ignoring case; stored lower-case. */
export const HANDLE_PATTERN = new RegExp(`^[a-z0-9_]{${HANDLE_MIN},${HANDLE_MAX}}$`);
export const DISPLAY_NAME_MAX = 50;
export const BIO_MAX = 160;

export const USER_MESSAGES = {
  handleMissing: "Choose a username",
  handleMalformed: `${HANDLE_MIN}–${HANDLE_MAX} characters: letters, digits and _`,
  handleHint: `${HANDLE_MIN}–${HANDLE_MAX} letters, digits or _. This is your @handle.`,
  handleEntered: `Enter a username: ${HANDLE_MIN}–${HANDLE_MAX} letters, digits or _.`,
  handleTaken: (handle: string) => `@${handle} is taken. Try another username.`,
  displayNameMissing: "Enter your name",
  displayNameTooLong: `Use at most ${DISPLAY_NAME_MAX} characters`,
  bioTooLong: `Use at most ${BIO_MAX} characters`,
  bioHint: `At most ${BIO_MAX} characters.`,
} as const;

/** A handle as typed ("Ana_B ", "@ana_b") in the form it is stored and compared in. */
export const normalizeHandle = (raw: string) => raw.trim().toLowerCase();
/** A display name is one clean line; a bio is clean text (line breaks kept). */
export const cleanDisplayName = cleanLine;
export const cleanBio = cleanText;

export const isValidHandle = (handle: string) => HANDLE_PATTERN.test(handle);
export const fitsDisplayName = (name: string) => characterCount(name) <= DISPLAY_NAME_MAX;
export const fitsBio = (bio: string) => characterCount(bio) <= BIO_MAX;

/**
 * The HTML constraints of each field, spread onto its input. `maxLength` counts UTF-16 units where
 * the server counts code points, so it is only ever the looser of the two (the server has the last word).
 */
export const HANDLE_INPUT = { minLength: HANDLE_MIN, maxLength: HANDLE_MAX, pattern: `[A-Za-z0-9_]{${HANDLE_MIN},${HANDLE_MAX}}` } as const;
/** The "message someone" box also takes the leading `@`. */
export const HANDLE_WITH_AT_INPUT = { maxLength: HANDLE_MAX + 1 } as const;
export const DISPLAY_NAME_INPUT = { maxLength: DISPLAY_NAME_MAX } as const;
export const BIO_INPUT = { maxLength: BIO_MAX } as const;
