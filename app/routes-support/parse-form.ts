// One way for every action to read its form: the schema's fields, each read once, parsed with Zod;
// typed data, or the first error message per field for the form to show next to each input.
import type { z } from "zod";

/** Errors keyed by field name; `form` is the form-wide one (rate limits, Cognito, the database). */
export type FieldErrors = Partial<Record<string, string>>;

export type FormValues = Record<string, string | undefined>;

export type ParsedForm<T> = { success: true; data: T; values: FormValues } | { success: false; errors: FieldErrors; values: FormValues };

/** First error message per field (`form` for an issue with no path). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** Reads each field once (a repeated field is parameter pollution: only the first value counts). */
export function formFields(formData: FormData, names: readonly string[]): FormValues {
  return Object.fromEntries(
    names.map((name) => {
      const value = formData.get(name);
      return [name, typeof value === "string" ? value : undefined];
    }),
  );
}

/** The field names of an object schema, through its refinements, transforms and defaults. */
export function schemaFields(schema: z.ZodTypeAny): string[] {
  let current: z.ZodTypeAny = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._def as { typeName?: string; shape?: () => Record<string, unknown>; schema?: z.ZodTypeAny; innerType?: z.ZodTypeAny };
    if (def.typeName === "ZodObject" && def.shape) return Object.keys(def.shape());
    const inner = def.schema ?? def.innerType;
    if (!inner) break;
    current = inner;
  }
  throw new Error("parseForm needs an object schema");
}

/**
 * Reads the schema's fields from the form (first value of each; a file counts as missing) and parses
 * them. `values` is what was typed, for the form to keep; an action sends back only what it should
 * (never a password).
 */
export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData): ParsedForm<z.output<S>> {
  const values = formFields(formData, schemaFields(schema));
  const parsed = schema.safeParse(values);
  return parsed.success ? { success: true, data: parsed.data as z.output<S>, values } : { success: false, errors: fieldErrors(parsed.error), values };
}
