import { describe, expect, it } from "vitest";
import { ResetSchema, SignUpSchema } from "~/auth/validation";
import { PASSWORD_MIN } from "~/domain/password-limits";
import { parseForm } from "~/routes-support/parse-form";
import { BREACHED_PASSWORD_MESSAGE, breachedPasswords, isBreachedPassword, newPasswordErrors, passwordsOfPolicyLength } from "./breached-passwords.server";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const signUp = { name: "Ana", email: "ana@example.com", handle: "ana" };

describe("isBreachedPassword", () => {
  it("refuses a listed password, as typed or with capitals; accepts a strong one", async () => {
    expect(await isBreachedPassword("password1234")).toBe(true);
    expect(await isBreachedPassword("Password1234")).toBe(true);
    expect(await isBreachedPassword("PASSWORD1234")).toBe(true);
    expect(await isBreachedPassword("qwertyuiop123")).toBe(true);
    expect(await isBreachedPassword("correct horse battery")).toBe(false);
    expect(await isBreachedPassword("a much longer new passphrase")).toBe(false);
    expect(await isBreachedPassword("password1234 ")).toBe(false);
  });

  it("loads the list once: more than ASVS 6.2.4's 3,000 passwords of the length allowed, lowercased", async () => {
    const list = await breachedPasswords();
    expect(await breachedPasswords()).toBe(list);
    expect(list.size).toBeGreaterThan(40_000);
    expect([...list].every((word) => word.length >= PASSWORD_MIN && word === word.toLowerCase())).toBe(true);
    expect(list.has("password")).toBe(false); // too short to be a password here at all
  });

  it("reads a line a password, keeping the lengths a password may have", () => {
    const lines = ["123456", "password1234", "MixedCase123\r", "", "x".repeat(257), "y".repeat(256), "ünïcödé-pässwörd"].join("\n");
    expect([...passwordsOfPolicyLength(Buffer.from(lines))]).toEqual(["password1234", "mixedcase123", "y".repeat(256), "ünïcödé-pässwörd"]);
  });
});

describe("newPasswordErrors", () => {
  it("adds the message to the password field, beside the schema's other errors", async () => {
    expect(await newPasswordErrors(parseForm(SignUpSchema, form({ ...signUp, password: "password1234" })))).toEqual({ password: BREACHED_PASSWORD_MESSAGE });
    expect(await newPasswordErrors(parseForm(SignUpSchema, form({ ...signUp, email: "nope", password: "password1234" })))).toEqual({
      email: "Enter a valid email address",
      password: BREACHED_PASSWORD_MESSAGE,
    });
    const reset = { email: "ana@example.com", code: "123456", password: "Password1234", confirmPassword: "Password1234" };
    expect(await newPasswordErrors(parseForm(ResetSchema, form(reset)))).toEqual({ password: BREACHED_PASSWORD_MESSAGE });
  });

  it("keeps the schema's own message on the field, and is undefined for a good form", async () => {
    expect(await newPasswordErrors(parseForm(SignUpSchema, form({ ...signUp, password: "password" })))).toEqual({ password: "Use at least 12 characters" });
    expect(await newPasswordErrors(parseForm(SignUpSchema, form({ ...signUp, password: "correct horse battery" })))).toBeUndefined();
  });
});
