// The flash cookie (ADR 020): one of a fixed set of messages, carried once across a redirect.
import { describe, expect, it } from "vitest";
import { FLASH_COOKIE_PATTERN, FLASH_MAX_AGE_SECONDS, FLASH_MESSAGES, flashCookieHeader, flashHeaders, takeFlash } from "~/routes-support/flash.server";

const requestWith = (cookie: string) => new Request("http://localhost/", { headers: { cookie } });
const valueOf = (setCookie: string) => setCookie.split(";")[0]!;
const encoded = (value: unknown) => encodeURIComponent(Buffer.from(JSON.stringify(value)).toString("base64"));

describe("the flash cookie", () => {
  it("is short-lived, HttpOnly and SameSite=Lax, and holds only the message's key", async () => {
    const header = await flashCookieHeader("posted");
    expect(header).toMatch(/^cruddur_flash=/);
    expect(header).toContain(`Max-Age=${FLASH_MAX_AGE_SECONDS}`);
    expect(header).toContain("HttpOnly");
    expect(header).toContain("SameSite=Lax");
    expect(header).toContain("Path=/");
    expect(valueOf(header)).toBe(`cruddur_flash=${encoded("posted")}`);
    expect(header).not.toContain("Your crud");
  });

  it("is read once: the message, and a Set-Cookie that clears it", async () => {
    const taken = await takeFlash(requestWith(valueOf(await flashCookieHeader("signed-out"))));
    expect(taken?.flash).toMatchObject({ text: "You have signed out.", tone: "status" });
    expect(taken?.clear).toMatch(/^cruddur_flash=;/);
    expect(taken?.clear).toContain("Max-Age=0");
  });

  it("gives each message its own id, so the same sentence twice is announced twice", async () => {
    const cookie = valueOf(await flashCookieHeader("posted"));
    const [a, b] = [await takeFlash(requestWith(cookie)), await takeFlash(requestWith(cookie))];
    expect(a?.flash?.text).toBe(b?.flash?.text);
    expect(a?.flash?.id).not.toBe(b?.flash?.id);
  });

  it("shows nothing for a key it does not know, or a value that is not one, and clears it", async () => {
    for (const value of [encoded("<script>alert(1)</script>"), encoded("__proto__"), encoded({ text: "forged" }), "not-base64!", ""]) {
      const taken = await takeFlash(requestWith(`cruddur_flash=${value}`));
      expect(taken?.flash ?? null).toBeNull();
    }
    expect((await takeFlash(requestWith(`cruddur_flash=${encoded("toString")}`)))?.flash).toBeNull();
  });

  it("costs nothing on a request without one", async () => {
    expect(await takeFlash(new Request("http://localhost/"))).toBeNull();
    expect(await takeFlash(requestWith("cruddur_session=abc; other=1"))).toBeNull();
  });

  it("rides along with another cookie (sign-out also clears the session)", async () => {
    const headers = await flashHeaders("signed-out", "cruddur_session=; Max-Age=0");
    expect(headers.getSetCookie()).toEqual(["cruddur_session=; Max-Age=0", expect.stringMatching(/^cruddur_flash=/)]);
  });

  it("is recognised by the page cache under both its names", () => {
    expect(FLASH_COOKIE_PATTERN.test("a=1; cruddur_flash=x")).toBe(true);
    expect(FLASH_COOKIE_PATTERN.test("__Host-cruddur_flash=x")).toBe(true);
    expect(FLASH_COOKIE_PATTERN.test("not_cruddur_flash=x")).toBe(false);
  });

  it("has a sentence for every key", () => {
    for (const message of Object.values(FLASH_MESSAGES)) expect(message.text).toMatch(/^[A-Z].*\.$/);
  });
});
