// Recovery codes (ADR 041): 10 single-use codes of 10 characters (about 50 bits each) from an alphabet
// without look-alikes, shown once and kept as scrypt hashes, like passwords. One salt per set, so a
// typed code costs one hash computation whatever the number of codes left.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { StoredRecoveryCode } from "~/models/authenticator.server";
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_LENGTH, RECOVERY_CODES_PER_SET } from "~/domain/recovery-code";

const hashWith = promisify(scrypt) as (password: string, salt: string, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
// scrypt's interactive-login cost (N = 2^14, r = 8): ~30–50 ms here, once per code tried.
const COST = { N: 2 ** 14, r: 8, p: 1 };

const hash = async (code: string, salt: string) => (await hashWith(code, salt, 32, COST)).toString("hex");

/** A new set: the codes to show once (grouped "abcde-fghjk"), and what is stored. */
export async function newRecoveryCodes(): Promise<{ codes: string[]; salt: string; hashes: string[] }> {
  const salt = randomBytes(16).toString("hex");
  const codes = Array.from({ length: RECOVERY_CODES_PER_SET }, () =>
    Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join(""),
  );
  const hashes = await Promise.all(codes.map((code) => hash(code, salt)));
  return { codes: codes.map((code) => `${code.slice(0, 5)}-${code.slice(5)}`), salt, hashes };
}

/** The stored code that `typed` (already normalised by the form's schema) is, or undefined. */
export async function matchRecoveryCode(typed: string, stored: StoredRecoveryCode[]): Promise<StoredRecoveryCode | undefined> {
  const bySalt = new Map<string, Buffer>();
  let match: StoredRecoveryCode | undefined;
  for (const code of stored) {
    let typedHash = bySalt.get(code.salt);
    if (!typedHash) bySalt.set(code.salt, (typedHash = Buffer.from(await hash(typed, code.salt), "hex")));
    // Every stored code is compared (no early exit), in constant time.
    if (timingSafeEqual(typedHash, Buffer.from(code.codeHash, "hex")) && !match) match = code;
  }
  return match;
}
