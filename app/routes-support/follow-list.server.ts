// The loader of `/@:handle/following` and `/@:handle/followers` (one route file each, one loader).
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { getFollowList, type FollowListKind } from "~/models/follow.server";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { handleFromParam } from "~/domain/handle";
import { noSuchUser } from "~/routes-support/not-found";

export async function followListLoader({ params, request }: LoaderFunctionArgs, kind: FollowListKind) {
  const handle = handleFromParam(params.handle);
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const viewer = await getUser(request); // shared with the root loader's lookup
  const list = handle ? await getFollowList({ handle, kind, cursor, viewerId: viewer?.id }) : null;
  if (!list) throw noSuchUser(params.handle);
  return data({
    kind,
    owner: { handle: list.owner.handle, displayName: list.owner.displayName },
    users: list.page.items.map(({ handle, displayName, bio, followedByViewer }) => ({ handle, displayName, bio, followedByViewer })),
    olderHref: cursorHref(`/@${list.owner.handle}/${kind}`, list.page.next),
    viewerHandle: viewer?.handle ?? null,
  });
}
