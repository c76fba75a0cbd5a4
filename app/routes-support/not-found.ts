/** What a crud's address answers when the crud has expired, was deleted or never was (SPEC §3). */
export const CRUD_NOT_LIVE = "This crud has expired or never existed";

/** The 404 to throw for a crud that is not live. */
export const crudNotLive = () => new Response(CRUD_NOT_LIVE, { status: 404 });

/** The 404 for a profile or conversation address whose user does not exist. */
export function noSuchUser(param: string | undefined): Response {
  return new Response(`There is no user @${param?.replace(/^@/, "") ?? ""} on Cruddur.`, { status: 404 });
}
