import { describe, expect, it } from "vitest";
import { crudNotLive, isCrudId } from "~/domain/uuid";
import { cursorHref, parseCursor, type Cursor } from "~/domain/cursor";
import { noSuchUser } from "~/domain/handle";

const next: Cursor = { at: new Date("2026-01-02T03:04:05.678Z"), key: "0b0e4e55-0000-4000-8000-000000000000" };

describe("cursorHref", () => {
  it("links to the next page, or to none", () => {
    expect(cursorHref("/", next)).toBe(`/?cursor=${encodeURIComponent("2026-01-02T03:04:05.678Z_0b0e4e55-0000-4000-8000-000000000000")}`);
    expect(cursorHref("/", null)).toBeUndefined();
    expect(cursorHref("/", undefined)).toBeUndefined();
  });

  it("keeps the page's own parameters first and can name the cursor", () => {
    expect(cursorHref("/search", next, { params: { q: "#a b" } })).toMatch(/^\/search\?q=%23a\+b&cursor=2026/);
    expect(cursorHref("/messages/@ana", next, { name: "before" })).toMatch(/^\/messages\/@ana\?before=2026/);
  });

  it("round-trips through parseCursor", () => {
    const href = cursorHref("/", next)!;
    expect(parseCursor(new URL(href, "http://x").searchParams.get("cursor"))).toEqual(next);
  });
});

describe("the not-found answers", () => {
  it("tell a crud id from anything else", () => {
    expect(isCrudId(next.key)).toBe(true);
    for (const bad of [undefined, "", "1", next.key.toUpperCase(), `${next.key}x`]) expect(isCrudId(bad)).toBe(false);
  });

  it("are 404s with the page's text", async () => {
    expect(crudNotLive().status).toBe(404);
    expect(await crudNotLive().text()).toBe("This crud has expired or never existed");
    expect(await noSuchUser("@zed").text()).toBe("There is no user @zed on Cruddur.");
    expect(noSuchUser("@zed").status).toBe(404);
  });
});
