import { describe, expect, it } from "vitest";
import { assertWellFormed, parseAtom } from "../../tests/support/atom";
import { atomFeed, FEED_MAX_AGE_SECONDS, feedCacheControl, xmlText } from "~/routes-support/atom";

const author = { id: "6f1c2b8e-0000-4000-8000-000000000001", handle: "ana", displayName: "Ana <b>&</b>", createdAt: new Date("2026-01-01T00:00:00Z") };
const at = (iso: string) => new Date(iso);
const HOSTILE = `<script>alert("x")</script> & ]]> ' " \u0001\u0008\u000b\u000c\u001b\u007f \uFFFE\uFFFF \uD800 tab\there ok 😀 \u2028`;

describe("the Atom feed", () => {
  it("escapes markup and drops the characters XML 1.0 cannot carry, keeping the rest", () => {
    expect(xmlText(`a<b>&"c"'d'`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
    expect(xmlText("x]]>y")).toBe("x]]&gt;y");
    expect(xmlText("a\u0000b\u0001c\u001fd\uFFFEe\uFFFFf\uD800g")).toBe("abcdefg");
    expect(xmlText("tab\tline\ncr\r😀\u007f\u0085é")).toBe("tab\tline\ncr\r😀\u007f\u0085é");
  });

  it("stays a valid feed whatever the text, and reads back as written (less what XML cannot hold)", () => {
    const entries = [
      {
        id: "6f1c2b8e-0000-4000-8000-000000000002",
        message: `${HOSTILE}\nsecond line`,
        createdAt: at("2026-02-02T10:00:00Z"),
        expiresAt: at("2026-02-03T10:00:00Z"),
        images: [],
      },
      {
        id: "6f1c2b8e-0000-4000-8000-000000000003",
        message: "x".repeat(300),
        createdAt: at("2026-02-01T10:00:00Z"),
        expiresAt: at("2026-02-02T11:00:00Z"),
        images: [],
      },
    ];
    const xml = atomFeed({ origin: "https://cruddur.example", author: { ...author, displayName: HOSTILE }, entries });
    const feed = parseAtom(xml);
    // The five C0 controls, U+FFFE, U+FFFF and the lone surrogate gone; DEL (allowed in XML) kept.
    const visible = `<script>alert("x")</script> & ]]> ' " \u007f   tab\there ok 😀 \u2028`;
    expect(feed.title).toBe(`${visible} (@ana) on Cruddur`);
    expect(feed.authorName).toBe(visible);
    expect(feed.id).toBe(`urn:uuid:${author.id}`);
    expect(feed.updated).toBe("2026-02-02T10:00:00.000Z");
    expect(feed.self).toBe("https://cruddur.example/@ana/feed.xml");
    expect(feed.alternate).toBe("https://cruddur.example/@ana");
    expect(feed.entries.map((entry) => entry.id)).toEqual(entries.map((entry) => `urn:uuid:${entry.id}`));
    const [hostile, long] = feed.entries;
    expect(hostile!.content).toBe(`${visible}\nsecond line\n\nExpires 2026-02-03 10:00 UTC.`);
    // The first line, under 60 characters: whole (the title ends at the line break).
    expect(hostile!.title).toBe(visible.trim());
    expect(hostile!.expires).toBe("2026-02-03T10:00:00.000Z");
    expect(hostile!.link).toBe(`https://cruddur.example/@ana/status/${entries[0]!.id}`);
    expect(long!.title).toBe(`${"x".repeat(59)}…`);
  });

  it("is valid with no entries (the account's own time as updated)", () => {
    const feed = parseAtom(atomFeed({ origin: "http://localhost:3000", author, entries: [] }));
    expect(feed.entries).toEqual([]);
    expect(feed.updated).toBe("2026-01-01T00:00:00.000Z");
    expect(feed.title).toBe("Ana <b>&</b> (@ana) on Cruddur");
  });

  it("is checked by a strict parser (raw control characters or ]]> would fail it)", () => {
    expect(() => assertWellFormed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>a\u0001</title></feed>`)).toThrow(/disallowed character/);
    expect(() => assertWellFormed(`<feed xmlns="http://www.w3.org/2005/Atom"><title>a]]>b</title></feed>`)).toThrow(/\]\]>/);
    expect(() => assertWellFormed(`<rss><channel/></rss>`)).toThrow(/not an Atom feed/);
  });

  it("may be cached for at most a minute, and never past its soonest expiry (rounded down to the second)", () => {
    const now = at("2026-02-01T00:00:00.000Z");
    const expiring = (ms: number) => ({ expiresAt: new Date(now.getTime() + ms) });
    expect(feedCacheControl([], now)).toBe(`public, max-age=${FEED_MAX_AGE_SECONDS}`);
    expect(feedCacheControl([expiring(3_600_000)], now)).toBe("public, max-age=60");
    expect(feedCacheControl([expiring(3_600_000), expiring(10_999)], now)).toBe("public, max-age=10");
    expect(feedCacheControl([expiring(999)], now)).toBe("public, max-age=0");
    expect(feedCacheControl([expiring(0)], now)).toBe("public, max-age=0");
  });
});
