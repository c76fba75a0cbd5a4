/** Keyset pagination position: the (createdAt, id) of the last crud on the previous page. */
export type Cursor = { createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor({ createdAt, id }: Cursor): string {
  return `${createdAt.toISOString()}_${id}`;
}

/** Undefined when absent; throws a 400 Response when present but not a cursor we made. */
export function parseCursor(raw: string | null): Cursor | undefined {
  if (raw === null || raw === "") return undefined;
  const [iso, id] = raw.split("_");
  const createdAt = new Date(iso ?? "");
  if (!id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new Response("That page link is not valid. Go back to the newest cruds.", { status: 400 });
  }
  return { createdAt, id };
}
