/** What a crud's address answers when the crud has expired, was deleted or never was (docs/product.md §3). */
export const CRUD_NOT_LIVE = "This crud has expired or never existed";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A crud id is a lower-case UUID; anything else is not worth a query. */
export const isCrudId = (id: string | undefined): id is string => UUID.test(id ?? "");

/** The 404 to throw for a crud that is not live. */
export const crudNotLive = () => new Response(CRUD_NOT_LIVE, { status: 404 });
