import { handleFromParam } from "~/domain/handle";
import { isUuid } from "~/domain/uuid";

/** What a crud's address answers when the crud has expired, was deleted or never was (docs/product.md §3). */
export const CRUD_NOT_LIVE = "This crud has expired or never existed";

/** The 404 to throw for a crud that is not live. */
export const crudNotLive = () => new Response(CRUD_NOT_LIVE, { status: 404 });

/** The 404 for a profile or conversation address whose user does not exist. */
export function noSuchUser(param: string | undefined): Response {
  return new Response(`There is no user @${param?.replace(/^@/, "") ?? ""} on Cruddur.`, { status: 404 });
}

/** The handle of a `/@handle/…` address, or the 404 for a user that does not exist. */
export function handleOrNoSuchUser(param: string | undefined): string {
  const handle = handleFromParam(param);
  if (!handle) throw noSuchUser(param);
  return handle;
}

/** The id of a crud's address, or the 404 when it cannot be one (not worth a query). */
export function crudIdOrNotLive(param: string | undefined): string {
  if (!isUuid(param)) throw crudNotLive();
  return param;
}
