import { describe, expect, it } from "vitest";
import { isSensitiveKey, redact, scrubUrl } from "./scrub";

describe("scrub", () => {
  it("recognises passwords, codes, tokens, cookies and authorization", () => {
    for (const key of [
      "password",
      "confirmPassword",
      "code",
      "idToken",
      "access_token",
      "Cookie",
      "set-cookie",
      "Authorization",
      "x-amzn-oidc-data",
      "SECRET_KEY",
    ])
      expect(isSensitiveKey(key), key).toBe(true);
    for (const key of ["codeVersion", "code_version", "handle", "message", "path", "status"]) expect(isSensitiveKey(key), key).toBe(false);
  });

  it("replaces secret query parameters and nested values", () => {
    expect(scrubUrl("/reset?email=a%40b.c&code=123456&token=t#x")).toBe("/reset?email=a%40b.c&code=%5Bscrubbed%5D&token=%5Bscrubbed%5D#x");
    expect(scrubUrl("/@andrew")).toBe("/@andrew");
    expect(redact({ request: { headers: { cookie: "a=b", accept: "*/*" }, url: "/?password=x&page=2" }, list: [{ password: "p" }] })).toEqual({
      request: { headers: { cookie: "[scrubbed]", accept: "*/*" }, url: "/?password=%5Bscrubbed%5D&page=2" },
      list: [{ password: "[scrubbed]" }],
    });
  });
});
