// The form schemas' handling of odd input: what is empty, what counts as a character, what is stored.
import { describe, expect, it } from "vitest";
import { CrudSchema, ReplySchema } from "~/domain/crud-validation";
import { ProfileSchema, SignUpSchema } from "~/auth/validation";
import { MessageSchema } from "~/domain/message-validation";
import { characterCount, cleanText } from "~/domain/text";

const errorOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("cleanText", () => {
  it("normalises line breaks, drops NUL, replaces lone surrogates and trims", () => {
    expect(cleanText(" a\r\nb\rc\0 ")).toBe("a\nb\nc");
    expect(cleanText("x\uD800y")).toBe("x\uFFFDy");
    expect(cleanText("😀")).toBe("😀");
  });

  it("treats text that shows nothing (zero-width, format and blank characters) as empty", () => {
    for (const invisible of ["\u200B", "\u200B\u200C\u200D\u2060\uFEFF", "\u00AD \u3164", "\u2800\u115F\u1160\uFFA0", "\u202E\u2066", "\uFE0F\u034F"]) {
      expect(cleanText(invisible), JSON.stringify(invisible)).toBe("");
    }
    // Joiners inside visible text stay: they make one emoji of several.
    expect(cleanText("👩\u200D💻")).toBe("👩\u200D💻");
  });

  it("removes bidi embeddings, overrides and isolates, which would reorder the text around it", () => {
    expect(cleanText("abc\u202Edcba\u202C")).toBe("abcdcba");
    expect(cleanText("\u2067evil\u2069 name")).toBe("evil name");
    expect(cleanText("مرحبا")).toBe("مرحبا");
  });
});

describe("every text field", () => {
  const blanks = ["", "   ", "\0", " \0\0 ", "\r\n", "\u200B\u200D", "\u3164", "\u202E \u2066"];
  it.each(blanks)("treats %j as empty, so nothing empty is ever stored", (blank) => {
    expect(errorOf(CrudSchema.safeParse({ message: blank, ttl: "1-day" }))).toBe("Write something first");
    expect(errorOf(ReplySchema.safeParse({ message: blank }))).toBe("Write something first");
    expect(errorOf(MessageSchema.safeParse({ message: blank }))).toBe("Write a message");
    expect(errorOf(ProfileSchema.safeParse({ displayName: blank, bio: "" }))).toBe("Enter your name");
    expect(errorOf(SignUpSchema.safeParse({ name: blank, email: "a@example.com", handle: "ana", password: "x".repeat(12) }))).toBe("Enter your name");
  });

  it("counts characters as people do: 280 emoji make a full crud, 281 do not", () => {
    expect(characterCount("😀".repeat(280))).toBe(280);
    expect(CrudSchema.safeParse({ message: "😀".repeat(280), ttl: "1-day" }).success).toBe(true);
    expect(errorOf(CrudSchema.safeParse({ message: "😀".repeat(281), ttl: "1-day" }))).toBe("Use at most 280 characters");
  });

  it("stores a display name as one clean line of at most 50 characters", () => {
    expect(ProfileSchema.parse({ displayName: "  Ana\0 \n Lima ", bio: "" }).displayName).toBe("Ana Lima");
    expect(ProfileSchema.safeParse({ displayName: "🦊".repeat(50), bio: "" }).success).toBe(true);
    expect(errorOf(ProfileSchema.safeParse({ displayName: "🦊".repeat(51), bio: "" }))).toBe("Use at most 50 characters");
    expect(errorOf(ProfileSchema.safeParse({ displayName: "A", bio: "x".repeat(161) }))).toBe("Use at most 160 characters");
  });

  it("keeps the text of a crud, minus what cannot be stored", () => {
    expect(CrudSchema.parse({ message: " hello\0 #world\r\n", ttl: "3-hours" })).toEqual({ message: "hello #world", ttl: "3-hours" });
    expect(errorOf(CrudSchema.safeParse({ message: "hi", ttl: "forever" }))).toBe("Choose one of the lifetimes in the list");
  });
});
