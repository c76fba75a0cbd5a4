/** A UUID as PostgreSQL writes it (lower case): the id of every row (cruds, users, reports…). */
export const UUID_SOURCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const UUID = new RegExp(`^${UUID_SOURCE}$`);

/** Whether `id` can be a row's id (a crud's, a user's, a report's); anything else is not worth a query. */
export const isUuid = (id: string | undefined): id is string => UUID.test(id ?? "");
