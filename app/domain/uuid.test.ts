import { describe, expect, it } from "vitest";
import { isUuid } from "~/domain/uuid";

describe("isUuid", () => {
  it("tells a row id from anything else", () => {
    const id = "0b0e4e55-0000-4000-8000-000000000000";
    expect(isUuid(id)).toBe(true);
    for (const bad of [undefined, "", "1", id.toUpperCase(), `${id}x`]) expect(isUuid(bad)).toBe(false);
  });
});
