/** Handles are 3–20 characters of [a-z0-9_], unique ignoring case (SPEC §1); stored lower-case. */
export const HANDLE_PATTERN = /^[a-z0-9_]{3,20}$/;

/** `/@Bayko` → "bayko"; anything that is not `@` + a well-formed handle → undefined (a 404). */
export function handleFromParam(param: string | undefined): string | undefined {
  if (!param?.startsWith("@")) return undefined;
  const handle = param.slice(1).toLowerCase();
  return HANDLE_PATTERN.test(handle) ? handle : undefined;
}
