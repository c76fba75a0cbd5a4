// The user-field rules are one source: the schemas, the HTML constraints and the Lambda's row agree.
import { describe, expect, it } from "vitest";
import { BioSchema, DisplayNameSchema, HandleSchema } from "~/auth/validation";
import {
  BIO_INPUT,
  BIO_MAX,
  DISPLAY_NAME_INPUT,
  DISPLAY_NAME_MAX,
  HANDLE_INPUT,
  HANDLE_MAX,
  HANDLE_MIN,
  HANDLE_PATTERN,
  isValidHandle,
  normalizeHandle,
} from "~/domain/user-validation";
import { userRowFromAttributes } from "../../lambda/user-row";

describe("the handle rule", () => {
  it("is docs/product.md §1's: 3–20 characters of [a-z0-9_]", () => {
    expect([HANDLE_MIN, HANDLE_MAX]).toEqual([3, 20]);
    for (const ok of ["ana", "a_1", "x".repeat(20)]) expect(isValidHandle(ok), ok).toBe(true);
    for (const bad of ["an", "x".repeat(21), "Ana", "a-b", "a b", ""]) expect(isValidHandle(bad), bad).toBe(false);
  });

  it("the HTML pattern accepts exactly what the server accepts once lower-cased", () => {
    const html = new RegExp(`^(?:${HANDLE_INPUT.pattern})$`);
    for (const typed of ["Ana_B", "ana", "ab", "A".repeat(21), "a.b", "Zoë"]) {
      expect(html.test(typed), typed).toBe(HANDLE_PATTERN.test(normalizeHandle(typed)));
    }
  });

  it("is what the sign-up schema checks", () => {
    expect(HandleSchema.parse(" Ana_B ")).toBe("ana_b");
    expect(HandleSchema.safeParse("x".repeat(HANDLE_MAX + 1)).success).toBe(false);
  });
});

describe("the display name and bio rules", () => {
  it("give the HTML limits", () => {
    expect(DISPLAY_NAME_INPUT.maxLength).toBe(DISPLAY_NAME_MAX);
    expect(BIO_INPUT.maxLength).toBe(BIO_MAX);
    expect([DISPLAY_NAME_MAX, BIO_MAX]).toEqual([50, 160]);
  });

  it("count code points in the schemas and in the Lambda's row alike", () => {
    expect(DisplayNameSchema.safeParse("🦊".repeat(DISPLAY_NAME_MAX)).success).toBe(true);
    expect(DisplayNameSchema.safeParse("🦊".repeat(DISPLAY_NAME_MAX + 1)).success).toBe(false);
    expect(BioSchema.safeParse("🦊".repeat(BIO_MAX)).success).toBe(true);
    expect(BioSchema.safeParse("🦊".repeat(BIO_MAX + 1)).success).toBe(false);
    const row = userRowFromAttributes({ sub: "s", email: "a@example.com", preferred_username: "Ana", name: "🦊".repeat(DISPLAY_NAME_MAX + 5) });
    expect(row).toMatchObject({ handle: "ana", displayName: "🦊".repeat(DISPLAY_NAME_MAX) });
  });

  it("clean a display name the same way in the schema and in the Lambda's row", () => {
    const typed = "  Ana\u202E \n Lima ";
    const row = userRowFromAttributes({ sub: "s", email: "a@example.com", preferred_username: "ana", name: typed });
    expect(row).toMatchObject({ displayName: DisplayNameSchema.parse(typed) });
  });
});
