import { HANDLE_PATTERN } from "~/domain/user-validation";

/** `/@Bayko` → "bayko"; anything that is not `@` + a well-formed handle → undefined (a 404). */
export function handleFromParam(param: string | undefined): string | undefined {
  if (!param?.startsWith("@")) return undefined;
  const handle = param.slice(1).toLowerCase();
  return HANDLE_PATTERN.test(handle) ? handle : undefined;
}
