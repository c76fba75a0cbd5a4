import { describe, expect, it } from "vitest";
import { CREDENTIALS_PLACEHOLDER, parseCredentials } from "./credentials";

describe("parseCredentials (the canary secret's value)", () => {
  it("takes the JSON email and password", () => {
    expect(parseCredentials('{"email":"canary@example.com","password":"a long random one"}')).toEqual({
      email: "canary@example.com",
      password: "a long random one",
    });
  });

  it("refuses the stack's placeholder, saying what to do", () => {
    const placeholder = JSON.stringify({ email: CREDENTIALS_PLACEHOLDER, password: CREDENTIALS_PLACEHOLDER });
    expect(() => parseCredentials(placeholder)).toThrow(
      'still holds its placeholder: create the canary user and set the secret (docs/deploy.md, "The canary")',
    );
  });

  it("refuses what is not JSON or lacks a field, and never repeats the value", () => {
    expect(() => parseCredentials("hunter2")).toThrow(/is not JSON/);
    expect(() => parseCredentials(undefined)).toThrow(/is not JSON/);
    expect(() => parseCredentials('{"email":"canary@example.com"}')).toThrow(/needs "email" and "password"/);
    expect(() => parseCredentials('{"email":"","password":"secret-value-42"}')).toThrow(/^(?!.*secret-value-42)/);
  });
});
