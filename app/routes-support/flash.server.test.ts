// The flash cookie (ADR 020): one of a fixed set of messages, carried once across a redirect.
import { describe, expect, it } from "vitest";
import { FLASH_MESSAGES } from "~/routes-support/flash";
import { FLASH_COOKIE_PATTERN, FLASH_MAX_AGE_SECONDS, flashCookieHeader, redirectWithFlash, takeFlash } from "~/routes-support/flash.server";

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
    const { headers } = await redirectWithFlash("/", "signed-out", { headers: { "Set-Cookie": "cruddur_session=; Max-Age=0" } });
    expect(headers.getSetCookie()).toEqual(["cruddur_session=; Max-Age=0", expect.stringMatching(/^cruddur_flash=/)]);
  });

  it("is recognised by the page cache under both its names", () => {
    expect(FLASH_COOKIE_PATTERN.test("a=1; cruddur_flash=x")).toBe(true);
    expect(FLASH_COOKIE_PATTERN.test("__Host-cruddur_flash=x")).toBe(true);
    expect(FLASH_COOKIE_PATTERN.test("not_cruddur_flash=x")).toBe(false);
  });

  it("has a sentence for every key (and every count)", () => {
    for (const entry of Object.values(FLASH_MESSAGES)) {
      const { text } = entry;
      const sentences =
        typeof text === "string"
          ? [text]
          : "names" in entry
            ? [(text as (handle: string) => string)("bayko")]
            : [0, 1, 2, 12].map(text as (n: number) => string);
      for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("carries a count for the messages that count something, and only for them", async () => {
    const header = await flashCookieHeader({ key: "sessions-ended", count: 3 });
    expect(valueOf(header)).toBe(`cruddur_flash=${encoded("sessions-ended:3")}`);
    expect((await takeFlash(requestWith(valueOf(header))))?.flash?.text).toBe("Signed out 3 sessions.");
    const password = await flashCookieHeader({ key: "password-changed", count: 1 });
    expect((await takeFlash(requestWith(valueOf(password))))?.flash?.text).toBe("Your password has been changed. Signed out 1 other session.");
    for (const value of ["sessions-ended", "posted:2", "sessions-ended:-1", "sessions-ended:1e3", "sessions-ended:1234567"]) {
      expect((await takeFlash(requestWith(`cruddur_flash=${encoded(value)}`)))?.flash ?? null).toBeNull();
    }
  });

  it("carries a handle for the messages that name a person, and only for them; a mute's message offers its undo", async () => {
    const header = await flashCookieHeader({ key: "muted", handle: "bayko" });
    expect(valueOf(header)).toBe(`cruddur_flash=${encoded("muted:@bayko")}`);
    expect((await takeFlash(requestWith(valueOf(header))))?.flash).toMatchObject({
      text: "Muted @bayko.",
      undo: { action: "/@bayko/mute", intent: "unmute" },
    });
    const blocked = await takeFlash(requestWith(valueOf(await flashCookieHeader({ key: "blocked", handle: "bayko" }))));
    expect(blocked?.flash?.text).toBe("Blocked @bayko.");
    expect(blocked?.flash?.undo).toBeUndefined();
    for (const value of ["muted", "muted:3", "posted:@bayko", "sessions-ended:@bayko", "muted:@", "muted:@Bad-Handle", "muted:@a/b", "muted:@<script>"]) {
      expect((await takeFlash(requestWith(`cruddur_flash=${encoded(value)}`)))?.flash ?? null).toBeNull();
    }
  });

  it("is the redirect after an action, with any other cookie kept", async () => {
    const response = await redirectWithFlash("/settings/preferences", "preferences-saved", { headers: { "Set-Cookie": "cruddur_session=; Max-Age=0" } });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/preferences");
    expect(response.headers.getSetCookie()).toEqual(["cruddur_session=; Max-Age=0", expect.stringMatching(/^cruddur_flash=/)]);
    const taken = await takeFlash(requestWith(valueOf(response.headers.getSetCookie()[1]!)));
    expect(taken?.flash).toMatchObject({ text: "Your preferences have been saved.", tone: "status" });
  });
});
