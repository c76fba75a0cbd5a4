import { HANDLE_PATTERN } from "~/domain/user-validation";

/** `/@Bayko` → "bayko"; anything that is not `@` + a well-formed handle → undefined (a 404). */
export function handleFromParam(param: string | undefined): string | undefined {
  if (!param?.startsWith("@")) return undefined;
  const handle = param.slice(1).toLowerCase();
  return HANDLE_PATTERN.test(handle) ? handle : undefined;
}

/** The 404 for a profile or conversation address whose user does not exist. */
export function noSuchUser(param: string | undefined): Response {
  return new Response(`There is no user @${param?.replace(/^@/, "") ?? ""} on Cruddur.`, { status: 404 });
}
