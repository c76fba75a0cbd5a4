import { describe, expect, it } from "vitest";
import { crudLength, extractHashtags, extractMentions, LINK_LENGTH, linkDisplay, segmentCrudText } from "./crud-text";

describe("crud text", () => {
  it("finds mentions and hashtags, lower-cased and distinct", () => {
    const message = "Hi @Bayko and @bayko, see #AWS #aws #café! mail me at a@b.example, not a#tag";
    expect(extractMentions(message)).toEqual(["bayko"]);
    expect(extractHashtags(message)).toEqual(["aws", "café"]);
  });

  it("segments text around links and keeps everything else as text", () => {
    expect(segmentCrudText("<b>@londo</b> likes #Centauri.")).toEqual([
      { kind: "text", text: "<b>" },
      { kind: "mention", handle: "londo", text: "@londo" },
      { kind: "text", text: "</b> likes " },
      { kind: "tag", tag: "centauri", text: "#Centauri" },
      { kind: "text", text: "." },
    ]);
  });

  it("ignores handles that are too short or too long, and e-mail addresses", () => {
    expect(extractMentions("@ab @abcdefghijklmnopqrstu x@worf")).toEqual([]);
  });
});

describe("links in a crud", () => {
  const links = (message: string) => segmentCrudText(message).filter((segment) => segment.kind === "link");

  it("finds http and https links, without the punctuation after them or a bracket they did not open", () => {
    expect(segmentCrudText("See https://example.com/a?b=1#c, or (http://example.org/x_(y)).")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", href: "https://example.com/a?b=1#c", text: "https://example.com/a?b=1#c" },
      { kind: "text", text: ", or (" },
      { kind: "link", href: "http://example.org/x_(y)", text: "http://example.org/x_(y)" },
      { kind: "text", text: ")." },
    ]);
    expect(links("HTTPS://EXAMPLE.COM/Path")).toEqual([{ kind: "link", href: "https://example.com/Path", text: "HTTPS://EXAMPLE.COM/Path" }]);
  });

  it("never links another scheme, a link glued to a word, credentials or a host the parser refuses", () => {
    for (const hostile of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "xhttp://example.com",
      "https://bank.example@evil.example/login",
      "https://user:pass@evil.example",
      "http://",
      "https://[not-an-ip]/",
      "http://exa%00mple.com",
      "file:///etc/passwd",
      "//evil.example",
    ]) {
      expect(links(hostile), hostile).toEqual([]);
    }
    // A scheme smuggled before a real link only ever leaves the real link: the href is always http(s).
    expect(links("javascript:alert(1)//http://evil.example").map((link) => link.kind === "link" && link.href)).toEqual(["http://evil.example/"]);
    expect(links('https://example.com/"onmouseover="alert(1)')).toEqual([{ kind: "link", href: "https://example.com/", text: "https://example.com/" }]);
    expect(links("https://example.com/<script>")).toEqual([{ kind: "link", href: "https://example.com/", text: "https://example.com/" }]);
    // A backslash, which browsers read as "/", ends a link rather than hiding where it goes.
    expect(links("https://example.com\\@evil.example")).toEqual([{ kind: "link", href: "https://example.com/", text: "https://example.com" }]);
  });

  it("does not take mentions or hashtags from inside a link", () => {
    const message = "https://example.com/?q=@londo&t=#tag and @worf #real";
    expect(extractMentions(message)).toEqual(["worf"]);
    expect(extractHashtags(message)).toEqual(["real"]);
  });

  it("counts each link as 23 characters, whatever its length", () => {
    const long = `https://example.com/${"a".repeat(500)}`;
    expect(crudLength(long)).toBe(LINK_LENGTH);
    expect(crudLength("https://t.co")).toBe(LINK_LENGTH);
    expect(crudLength(`look ${long} and ${long}!`)).toBe(5 + 23 + 5 + 23 + 1);
    expect(crudLength("😀 javascript:alert(1)")).toBe(Array.from("😀 javascript:alert(1)").length);
    // Not a link, so counted as typed.
    expect(crudLength("https://a@b.example")).toBe(19);
  });

  it("shows a link without its scheme and www., its first 30 characters, and a look-alike host as punycode", () => {
    expect(linkDisplay({ href: "https://www.example.com/", text: "https://www.example.com" })).toEqual({
      hiddenStart: "https://www.",
      shown: "example.com",
      hiddenEnd: "",
    });
    const long = linkDisplay({ href: "", text: "https://example.com/a/very/long/path/that/goes/on" });
    expect(long.hiddenStart + long.shown + long.hiddenEnd).toBe("https://example.com/a/very/long/path/that/goes/on");
    expect(long.shown).toHaveLength(30);
    // Cyrillic "а" in "аpple.com": shown as the address the browser will go to.
    const [lookAlike] = links("https://\u0430pple.com/login");
    expect(lookAlike).toMatchObject({ href: "https://xn--pple-43d.com/login" });
    expect(linkDisplay(lookAlike as { href: string; text: string }).shown).toBe("xn--pple-43d.com/login");
  });
});
