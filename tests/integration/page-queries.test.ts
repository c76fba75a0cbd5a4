// Bounded SQL per page (issue 4): a page issues the same few statements whatever it shows.
// Counted at the pg pool (every statement Prisma sends), for the root + route loaders of a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { follow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { notifyFollowed } from "~/models/notification.server";
import { createCrud, createReply } from "~/models/posting.server";
import { block, mute } from "~/models/safety.server";
import { countQueries } from "~/observability/request-context.server";
import { loader as rootLoader } from "~/root";
import { loader as profileLoader } from "~/routes/$handle";
import { loader as followersLoader } from "~/routes/$handle_.followers";
import { loader as followingLoader } from "~/routes/$handle_.following";
import { loader as threadLoader } from "~/routes/$handle_.status.$id";
import { loader as homeLoader } from "~/routes/_index";
import { loader as notificationsLoader } from "~/routes/notifications";
import { loader as searchLoader } from "~/routes/search";
import { loader as settingsLoader } from "~/routes/settings._index";
import { loader as blocksLoader } from "~/routes/settings.blocks";
import { loader as deleteLoader } from "~/routes/settings.delete";
import { loader as mutesLoader } from "~/routes/settings.mutes";
import { loader as passwordLoader } from "~/routes/settings.password";
import { loader as preferencesLoader } from "~/routes/settings.preferences";
import { loader as sessionsLoader } from "~/routes/settings.sessions";
import { createUser } from "../support/factories";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

async function pageQueries(path: string, params: Record<string, string>, routeLoader: Loader, cookie?: string) {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { cookie: cookie.split(";")[0]! } : {} });
  const args = { request, params, context: { cspNonce: "" } } as LoaderFunctionArgs;
  // Remix runs the loaders of a page in parallel, as here, each with its own Request object.
  const routeArgs = { ...args, request: new Request(request) };
  const { queries } = await countQueries(() => Promise.all([rootLoader(args), routeLoader(routeArgs)]));
  return queries;
}

async function seed(cruds: number) {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
  const author = await createUser({ handle: "author" });
  const fans = await Promise.all(Array.from({ length: 3 }, () => createUser()));
  let last = "";
  for (let n = 0; n < cruds; n++) {
    last = await createCrud({ userId: author.id, message: `crud ${n} #tag${n % 3} @${fans[0]!.handle}`, ttl: "1-day" });
    for (const fan of fans) await addInteraction(n % 2 ? "like" : "repost", { userId: fan.id, crudId: last });
    await createReply({ userId: fans[n % 3]!.id, parentId: last, message: `reply to ${n}` });
    // As many follows as cruds: the viewer follows each new user, who follows the author back.
    const followed = await createUser();
    await createCrud({ userId: followed.id, message: `followed ${n}`, ttl: "1-day" });
    await follow({ followerId: fans[0]!.id, handle: followed.handle });
    await follow({ followerId: followed.id, handle: author.handle });
  }
  // Crud-less notifications ride in the same statements as the others.
  for (const fan of fans.slice(1)) await notifyFollowed({ followerId: fan.id, followeeId: fans[0]!.id });
  await follow({ followerId: fans[0]!.id, handle: author.handle });
  // Blocks and mutes both ways (ADR 018): their filters ride in the same statements too.
  const strangers = await Promise.all(Array.from({ length: 4 }, () => createUser()));
  for (const [n, stranger] of strangers.entries()) {
    await createCrud({ userId: stranger.id, message: `stranger ${n}`, ttl: "1-day" });
    await addInteraction("repost", { userId: stranger.id, crudId: last });
    await addInteraction("like", { userId: stranger.id, crudId: last });
  }
  await block({ blockerId: fans[0]!.id, handle: strangers[0]!.handle });
  await block({ blockerId: strangers[1]!.id, handle: fans[0]!.handle });
  await mute({ muterId: fans[0]!.id, handle: strangers[2]!.handle });
  await mute({ muterId: strangers[3]!.id, handle: fans[0]!.handle });
  return { author, viewer: fans[0]!, last };
}

describe("SQL statements per page do not grow with the cruds shown", () => {
  let counts: Record<string, number[]>;
  beforeEach(() => {
    counts = {};
  });

  it("for the timelines, a profile, a thread and the follow lists, signed out and in, whatever the number of follows", async () => {
    for (const size of [5, 45]) {
      const { author, viewer, last } = await seed(size);
      const cookie = await createSession(viewer.id);
      // Warm the sidebar's caches (trending, suggestions: a statement each per 30–60 s) so both sizes are counted alike.
      await pageQueries("/", {}, homeLoader as Loader);
      await pageQueries("/", {}, homeLoader as Loader, cookie);
      for (const [name, path, params, loader, withCookie] of [
        ["home, signed out", "/", {}, homeLoader, false],
        ["home, signed in (Following)", "/", {}, homeLoader, true],
        ["home, signed in (Everyone)", "/?tab=everyone", {}, homeLoader, true],
        ["profile", `/@${author.handle}`, { handle: `@${author.handle}` }, profileLoader, true],
        ["thread", `/@${author.handle}/status/${last}`, { handle: `@${author.handle}`, id: last }, threadLoader, true],
        ["notifications", "/notifications", {}, notificationsLoader, true],
        ["following list", `/@${viewer.handle}/following`, { handle: `@${viewer.handle}` }, followingLoader, true],
        ["followers list", `/@${author.handle}/followers`, { handle: `@${author.handle}` }, followersLoader, true],
        ["search", "/search?q=crud", {}, searchLoader, true],
        ["blocks", "/settings/blocks", {}, blocksLoader, true],
        ["mutes", "/settings/mutes", {}, mutesLoader, true],
        ["settings", "/settings", {}, settingsLoader, true],
        ["sessions", "/settings/sessions", {}, sessionsLoader, true],
        ["password", "/settings/password", {}, passwordLoader, true],
        ["preferences", "/settings/preferences", {}, preferencesLoader, true],
        ["delete account", "/settings/delete", {}, deleteLoader, true],
      ] as const) {
        (counts[name] ??= []).push(await pageQueries(path, params, loader as Loader, withCookie ? cookie : undefined));
      }
    }
    for (const [name, [small, large]] of Object.entries(counts)) {
      expect(large, `${name}: ${small} statements with 5 cruds and follows, ${large} with 45`).toBe(small);
    }
    // Signed in: the session lookup (which carries the nav's badges), then the page's own; the sidebar is cached.
    expect(Object.fromEntries(Object.entries(counts).map(([name, [, large]]) => [name, large]))).toEqual({
      "home, signed out": 1, // the timeline
      "home, signed in (Following)": 2, // session + the Following timeline
      "home, signed in (Everyone)": 2, // session + timeline
      profile: 3, // session + profile header (with both follow counts) + its feed
      thread: 2, // session + the crud with its replies
      notifications: 3, // session + the groups + marking them read
      "following list": 2, // session + the user with a page of their follows
      "followers list": 2,
      search: 5, // session + the search rate limit + users + crud ids + their cards
      blocks: 2, // session + the list
      mutes: 2,
      settings: 1, // the session (the index is static)
      sessions: 2, // session + the account's live sessions
      password: 1,
      preferences: 2, // session + the stored preferences
      "delete account": 1,
    });
  });
});
