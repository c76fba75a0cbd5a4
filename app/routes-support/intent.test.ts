import { describe, expect, it } from "vitest";
import { formIntent, UNKNOWN_INTENT } from "~/routes-support/intent";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("formIntent", () => {
  it("returns a known intent", () => {
    expect(formIntent(form([["intent", "like"]]), ["like", "unlike"])).toBe("like");
  });

  it.each([[[]], [[["intent", "drop-table"]]], [[["intent", ""]]]] as [[string, string][]][])("throws a 400 for %j", async (entries) => {
    let thrown: unknown;
    try {
      formIntent(form(entries), ["like"]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toBe(UNKNOWN_INTENT);
  });

  it("reads only the first value of a repeated field", () => {
    expect(
      formIntent(
        form([
          ["intent", "like"],
          ["intent", "delete"],
        ]),
        ["like", "delete"],
      ),
    ).toBe("like");
  });
});
