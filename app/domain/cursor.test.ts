import { describe, expect, it } from "vitest";
import { cursorHref, parseCursor, type Cursor } from "~/domain/cursor";

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
