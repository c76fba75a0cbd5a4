import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getSafetyList, type SafetyListKind } from "~/models/safety.server";
import { cursorHref, parseCursor } from "~/domain/cursor";

/** The loader of `/settings/blocks` and `/settings/mutes`: a page of the list, and the link to the next one. */
export async function safetyListLoader({ request }: LoaderFunctionArgs, kind: SafetyListKind) {
  const user = await requireUser(request);
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const page = await getSafetyList(user.id, kind, cursor);
  return { kind, users: page.items, olderHref: cursorHref(`/settings/${kind}`, page.next), paged: cursor !== undefined };
}
