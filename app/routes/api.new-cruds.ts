// GET /api/new-cruds?tab=following|everyone&since=<cursor>: how many entries a home tab has newer than
// the one at the top of the page (the "N new cruds" pill), polled by the page while it is visible
// (docs/decisions/021-live-timeline-links-and-share-cards.md). One indexed statement (two signed in,
// with the session); signed out, answers are shared through the anonymous page cache for up to 1 s.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { DatabaseUnavailable } from "~/db.server";
import { countNewerInFollowing, countNewerInTimeline, PAGE_SIZE } from "~/models/crud.server";
import { parseCursor, type Cursor } from "~/domain/cursor";
import { anonymousCacheHeaders } from "~/routes-support/page-cache";
import type { NewCrudsAnswer } from "~/components/new-cruds-pill";

const NO_STORE = { "Cache-Control": "no-store" };

function since(url: URL): Cursor | Response {
  try {
    const cursor = parseCursor(url.searchParams.get("since"));
    if (cursor) return cursor;
  } catch {
    /* answered below */
  }
  return Response.json({ error: "`since` must be the cursor of the newest crud on the page." }, { status: 400, headers: NO_STORE });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const cursor = since(url);
  if (cursor instanceof Response) return cursor;
  const now = new Date();
  try {
    const viewer = await getUser(request);
    // As on `/`: signed in, Following unless the Everyone tab asks; signed out, only Everyone.
    const following = viewer && url.searchParams.get("tab") !== "everyone";
    const { count, firstExpiry } = following
      ? await countNewerInFollowing({ since: cursor, now, viewerId: viewer.id })
      : await countNewerInTimeline({ since: cursor, now, viewerId: viewer?.id });
    const answer: NewCrudsAnswer = { count: Math.min(count, PAGE_SIZE), more: count > PAGE_SIZE };
    // A count includes no expired crud, cached or not: the cache keeps it until just before the first counted expires.
    const cache = viewer ? {} : anonymousCacheHeaders(firstExpiry ? [{ expiresAt: firstExpiry }] : [], now);
    return Response.json(answer, { headers: { ...NO_STORE, ...cache } });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    // The page keeps polling, more slowly.
    return Response.json({ error: "Cruddur cannot reach its database right now." }, { status: 503, headers: { ...NO_STORE, "Retry-After": "30" } });
  }
}
