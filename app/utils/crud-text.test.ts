import { describe, expect, it } from "vitest";
import { extractHashtags, extractMentions, segmentCrudText } from "./crud-text";

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
