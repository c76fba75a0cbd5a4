// A recovery code's shape (ADR 041), shared by the code's maker (app/auth/recovery-codes.server.ts) and
// the form that takes one: no 0/o, 1/i/l to mistake for each other when copied from paper.
export const RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_LENGTH = 10;
/** Codes in a set: the settings page says how many of them are left. */
export const RECOVERY_CODES_PER_SET = 10;
/** As typed ("ABCDE-FGHJK", or with spaces) to as stored: lower case, without separators. */
export const normalizeRecoveryCode = (typed: string) => typed.toLowerCase().replace(/[\s-]+/g, "");
export const RECOVERY_CODE_PATTERN = new RegExp(`^[${RECOVERY_CODE_ALPHABET}]{${RECOVERY_CODE_LENGTH}}$`);
/** The input's limit: the code, its hyphen and a few spaces. */
export const RECOVERY_CODE_INPUT_MAX = 16;
