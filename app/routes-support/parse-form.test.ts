import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ResetSchema, SignUpSchema } from "~/auth/validation";
import { fieldErrors, parseForm, schemaFields } from "~/routes-support/parse-form";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("parseForm", () => {
  const Schema = z.object({ name: z.string().min(1, "Enter a name"), age: z.coerce.number().min(1, "Too young") });

  it("returns typed data and the values as typed", () => {
    const parsed = parseForm(
      Schema,
      form([
        ["name", "Ana"],
        ["age", "7"],
        ["other", "x"],
      ]),
    );
    expect(parsed).toEqual({ success: true, data: { name: "Ana", age: 7 }, values: { name: "Ana", age: "7" } });
  });

  it("returns the first error of each field, and the values to keep", () => {
    const parsed = parseForm(
      Schema,
      form([
        ["name", ""],
        ["age", "0"],
      ]),
    );
    expect(parsed).toEqual({ success: false, errors: { name: "Enter a name", age: "Too young" }, values: { name: "", age: "0" } });
  });

  it("reads only the first value of a repeated field, and a file as missing", () => {
    const data = form([
      ["name", "Ana"],
      ["name", "Bob"],
    ]);
    data.append("age", new Blob(["1"]));
    const parsed = parseForm(Schema, data);
    expect(parsed.values).toEqual({ name: "Ana", age: undefined });
  });

  it("finds the fields through refinements (the reset form) and puts a refinement's error on its path", () => {
    expect(schemaFields(ResetSchema)).toEqual(["email", "code", "password", "confirmPassword"]);
    expect(schemaFields(SignUpSchema)).toEqual(["name", "email", "handle", "password"]);
    const parsed = parseForm(
      ResetSchema,
      form([
        ["email", "a@example.com"],
        ["code", "123456"],
        ["password", "x".repeat(12)],
        ["confirmPassword", "y".repeat(12)],
      ]),
    );
    expect(parsed.success ? undefined : parsed.errors).toEqual({ confirmPassword: "The passwords do not match" });
  });

  it("refuses a schema that is not an object", () => {
    expect(() => schemaFields(z.string())).toThrow(/object schema/);
  });

  it("puts an issue without a path on the form", () => {
    const result = z.string().safeParse(1);
    expect(fieldErrors(result.error!)).toEqual({ form: expect.any(String) });
  });
});
