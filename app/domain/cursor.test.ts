import { describe, expect, it } from "vitest";
import { cursorHref, EARLIEST_STORABLE, LATEST_STORABLE_YEAR, parseCursor, type Cursor } from "~/domain/cursor";

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

describe("parseCursor", () => {
  const key = next.key;
  it("refuses, as a 400, an instant PostgreSQL cannot hold, and takes the earliest it can", async () => {
    for (const at of ["-004714-01-01T00:00:00.000Z", "-004713-11-23T23:59:59.999Z", "-271821-04-20T00:00:00.000Z", "+294277-01-01T00:00:00.000Z"]) {
      let thrown: unknown;
      try {
        parseCursor(`${at}_${key}`);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, at).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(400);
      expect(await (thrown as Response).text()).toBe("That page link is not valid. Go back to the newest cruds.");
    }
    expect(parseCursor(`-004713-11-24T00:00:00.000Z_${key}`)?.at.getTime()).toBe(EARLIEST_STORABLE);
    // JavaScript's latest date is within PostgreSQL's range.
    expect(parseCursor(`+275760-09-13T00:00:00.000Z_${key}`)?.at.getTime()).toBe(8.64e15);
    expect(LATEST_STORABLE_YEAR).toBeGreaterThan(new Date(8.64e15).getUTCFullYear());
  });
});
